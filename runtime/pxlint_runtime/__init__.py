"""pxlint reference runtime: run whitelisted callbacks lock-free.

pxlint writes a whitelist of callbacks it proved parallel-safe.  This package
reads it and runs those callbacks on worker threads with no lock; every other
callable runs under one process-wide lock, as if a GIL held it::

    from pxlint_runtime import load_whitelist, ParallelExecutor
    with ParallelExecutor(load_whitelist("whitelist.json")) as ex:
        fut = ex.submit(handlers.search, index, "py")

Standard library only; Python 3.9+.
"""

from .errors import NotWhitelistedError, PxlintRuntimeError, WhitelistError
from .executor import (SERIAL_LOCK, CallbackStats, ParallelExecutor,
                       serial_lock)
from .source import source_sha256
from .status import gil_enabled, gil_status, is_free_threaded_build
from .verdict import REASONS, Verdict, unwrap_callable
from .whitelist import (FORMAT_VERSION, Whitelist, WhitelistEntry,
                        load_whitelist, parse_whitelist)

__version__ = "0.1.0"

# A library does not print by default: applications configure logging to see
# the "runs serialized" warnings (the demo does).
import logging as _logging
_logging.getLogger("pxlint_runtime").addHandler(_logging.NullHandler())

__all__ = [
    "CallbackStats", "FORMAT_VERSION", "NotWhitelistedError",
    "ParallelExecutor", "PxlintRuntimeError", "REASONS", "SERIAL_LOCK",
    "Verdict", "Whitelist", "WhitelistEntry", "WhitelistError",
    "gil_enabled", "gil_status", "is_free_threaded_build", "load_whitelist",
    "parse_whitelist", "serial_lock", "source_sha256", "unwrap_callable",
]
