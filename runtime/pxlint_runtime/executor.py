"""ParallelExecutor: whitelisted callbacks run lock-free, the rest under one
process-wide lock, as if a GIL held them.

This is a pure-Python reference consumer of the whitelist.  It cannot drop
the GIL itself: on a free-threaded CPython (3.13t and later) lock-free
callbacks really run in parallel; on a GIL build they run concurrently and the
GIL interleaves them.  Either way a serialized callback never overlaps another
serialized callback, from any executor in the process.
"""

import logging
import os
import threading
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple

from .errors import NotWhitelistedError
from .whitelist import Whitelist, load_whitelist

#: The one process-wide lock serialized callbacks run under.  Re-entrant, so
#: a serialized callback that happens to take it again does not deadlock.
#: Main-thread code may hold it (``with serial_lock():``) to keep serialized
#: callbacks out while it mutates state they touch.
SERIAL_LOCK = threading.RLock()


def serial_lock():
    """The process-wide lock serialized callbacks run under (a context
    manager)."""
    return SERIAL_LOCK


@dataclass
class CallbackStats:
    """Counters for one function (``key`` = (module, qualname, line)).

    ``reasons`` maps each serialization reason code seen to its detail
    sentence.  Objects returned by :meth:`ParallelExecutor.stats` are
    snapshots and never change afterwards."""

    label: str
    module: Optional[str]
    qualname: str
    line: Optional[int]
    lock_free_calls: int = 0
    serialized_calls: int = 0
    reasons: Dict[str, str] = field(default_factory=dict)

    @property
    def key(self):
        return (self.module, self.qualname, self.line)

    @property
    def calls(self):
        return self.lock_free_calls + self.serialized_calls

    @property
    def verdict(self):
        """``lock-free``, ``serialized (reason, ...)`` or ``mixed`` when the
        same function ran both ways (e.g. once through foreign globals)."""
        if self.serialized_calls == 0 and not self.reasons:
            return "lock-free"
        text = "serialized (%s)" % ", ".join(sorted(self.reasons))
        if self.lock_free_calls:
            return "mixed: " + text
        return text


def _coerce_whitelist(whitelist):
    if whitelist is None:
        return Whitelist()
    if isinstance(whitelist, Whitelist):
        return whitelist
    if isinstance(whitelist, (str, bytes, os.PathLike)):
        return load_whitelist(whitelist)
    raise TypeError("whitelist must be a Whitelist, a path or None, not %s"
                    % type(whitelist).__name__)


class ParallelExecutor(Executor):
    """A ``concurrent.futures.Executor`` that consults a pxlint whitelist.

    ``whitelist`` is a :class:`Whitelist`, a path to load, or None (empty:
    everything serialized).  ``max_workers`` and ``thread_name_prefix`` are
    passed to the underlying ``ThreadPoolExecutor``.  With ``strict=True``,
    :meth:`submit` raises :class:`NotWhitelistedError` for a callable that
    cannot run lock-free instead of serializing it.  ``logger`` (default
    ``logging.getLogger("pxlint_runtime")``) gets one warning per function
    and reason the first time it is serialized."""

    def __init__(self, whitelist=None, max_workers=None, strict=False,
                 logger=None, thread_name_prefix="pxlint"):
        self._whitelist = _coerce_whitelist(whitelist)
        self._strict = bool(strict)
        self._logger = logger if logger is not None else \
            logging.getLogger("pxlint_runtime")
        self._pool = ThreadPoolExecutor(max_workers=max_workers,
                                        thread_name_prefix=thread_name_prefix)
        self._stats_lock = threading.Lock()
        self._stats = {}      # key -> CallbackStats
        self._logged = set()  # (key, reason) already warned about

    @property
    def whitelist(self):
        return self._whitelist

    @property
    def strict(self):
        return self._strict

    def verdict(self, fn):
        """The verdict for ``fn`` (cached per code object), without
        submitting anything."""
        return self._whitelist.verdict(fn)

    def submit(self, fn, /, *args, **kwargs):
        """Schedule ``fn(*args, **kwargs)``; return a Future.  Raises
        NotWhitelistedError in strict mode when ``fn`` is not lock-free, and
        RuntimeError after shutdown."""
        verdict = self._whitelist.verdict(fn)
        stats = self._stats_for(verdict)
        if verdict.lock_free:
            return self._pool.submit(self._run_lock_free, stats, fn, args,
                                     kwargs)
        if self._strict:
            raise NotWhitelistedError(verdict)
        self._warn_once(verdict)
        return self._pool.submit(self._run_serialized, stats, fn, args,
                                 kwargs)

    def shutdown(self, wait=True, *, cancel_futures=False):
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)

    # map() and the context-manager protocol come from Executor and go
    # through submit().

    def stats(self):
        """Snapshots of the per-function counters, sorted by label."""
        with self._stats_lock:
            snapshot = [CallbackStats(s.label, s.module, s.qualname, s.line,
                                      s.lock_free_calls, s.serialized_calls,
                                      dict(s.reasons))
                        for s in self._stats.values()]
        return sorted(snapshot, key=lambda s: (s.label, s.line or 0))

    def format_stats(self):
        """The counters as a plain-text table (one line per function)."""
        rows = [("callback", "verdict", "lock-free", "serialized")]
        for s in self.stats():
            rows.append((s.label, s.verdict, str(s.lock_free_calls),
                         str(s.serialized_calls)))
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        lines = []
        for r in rows:
            lines.append("%-*s  %-*s  %*s  %*s" % (widths[0], r[0], widths[1],
                                                   r[1], widths[2], r[2],
                                                   widths[3], r[3]))
        return "\n".join(lines)

    # -- internals --------------------------------------------------------

    def _stats_for(self, verdict):
        with self._stats_lock:
            stats = self._stats.get(verdict.key)
            if stats is None:
                stats = CallbackStats(verdict.label, verdict.module,
                                      verdict.qualname, verdict.line)
                self._stats[verdict.key] = stats
            if not verdict.lock_free:
                stats.reasons.setdefault(verdict.reason, verdict.detail)
        return stats

    def _warn_once(self, verdict):
        token = (verdict.key, verdict.reason)
        with self._stats_lock:
            if token in self._logged:
                return
            self._logged.add(token)
        self._logger.warning("pxlint_runtime: %s runs serialized: %s [%s]",
                             verdict.label, verdict.detail, verdict.reason)

    def _run_lock_free(self, stats, fn, args, kwargs):
        with self._stats_lock:
            stats.lock_free_calls += 1
        return fn(*args, **kwargs)

    def _run_serialized(self, stats, fn, args, kwargs):
        with SERIAL_LOCK:
            with self._stats_lock:
                stats.serialized_calls += 1
            return fn(*args, **kwargs)
