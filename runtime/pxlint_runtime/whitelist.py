"""Loading and validating a pxlint whitelist file (format version 1).

A whitelist lists the callbacks pxlint proved parallel-safe::

    {"pxlint_whitelist": 1, "generator": "pxlint 0.1.0", "mode": "strict",
     "functions": [{"module": "app.search", "qualname": "Index.lookup",
       "file": "src/app/search.py", "line": 40, "end_line": 61,
       "source_sha256": "<hex>"}]}

Unknown keys are ignored so that later writers can add fields.
"""

import json
import os
import re
import threading
from dataclasses import dataclass

from .errors import WhitelistError

FORMAT_VERSION = 1

_SHA256_RE = re.compile(r"[0-9a-fA-F]{64}\Z")


@dataclass(frozen=True)
class WhitelistEntry:
    """One function pxlint proved parallel-safe.

    ``line`` is the first decorator line or the ``def``/``lambda`` line (equal
    to ``co_firstlineno``), ``end_line`` the function's last line, and
    ``source_sha256`` the hash of those lines' raw bytes.  ``file`` is as
    written in the whitelist (relative to the whitelist's root)."""

    module: str
    qualname: str
    file: str
    line: int
    end_line: int
    source_sha256: str

    @property
    def key(self):
        return (self.module, self.qualname, self.line)


class Whitelist:
    """An immutable set of whitelist entries plus the directory their ``file``
    paths are relative to.  Verdicts on callables are cached here, per code
    object, so every executor sharing a whitelist shares the cache.

    ``Whitelist()`` with no entries is the empty whitelist: everything runs
    serialized."""

    def __init__(self, entries=(), path=None, root=None, generator=None,
                 mode=None):
        self.entries = tuple(entries)
        self.path = os.fspath(path) if path is not None else None
        if root is None:
            if self.path is not None:
                root = os.path.dirname(os.path.abspath(self.path))
            else:
                root = os.getcwd()
        self.root = os.path.abspath(os.fspath(root))
        self.generator = generator
        self.mode = mode
        self._by_name = {}
        for entry in self.entries:
            self._by_name.setdefault((entry.module, entry.qualname), []).append(entry)
        # Verdict cache: (code, module, qualname) -> Verdict.  Guarded by
        # _cache_lock; the first check of a function hashes, later ones not.
        self._cache = {}
        self._cache_lock = threading.Lock()
        # Compiled module code per source path: path -> (bytes, code or exc).
        # Also guarded by _cache_lock.
        self._compiled = {}

    def __len__(self):
        return len(self.entries)

    def __repr__(self):
        return "<Whitelist %s: %d entries>" % (self.path or "(in memory)",
                                              len(self.entries))

    def entries_for(self, module, qualname):
        """All entries for ``module`` and ``qualname`` (several when one name
        is defined on several lines, e.g. lambdas or conditional defs)."""
        return tuple(self._by_name.get((module, qualname), ()))

    def lookup(self, module, qualname, line):
        """The entry for a function, or None.  Duplicate entries for the same
        key are returned as the first one; verdict() refuses them instead."""
        for entry in self._by_name.get((module, qualname), ()):
            if entry.line == line:
                return entry
        return None

    def resolve(self, entry):
        """Absolute path of an entry's file, relative to ``root``."""
        return os.path.normpath(os.path.join(self.root, entry.file))

    def verdict(self, fn):
        """The cached :class:`~pxlint_runtime.verdict.Verdict` for callable
        ``fn``: may it run lock-free, and if not, why."""
        from .verdict import check_callable
        return check_callable(self, fn)


def _require(entry, index, key, kind, path):
    if key not in entry:
        raise WhitelistError("missing key %r" % key, path, index)
    value = entry[key]
    if kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, kind)
    if not ok:
        raise WhitelistError(
            "%r must be %s, not %s" % (key, "an integer" if kind is int
                                       else "a string", type(value).__name__),
            path, index)
    return value


def parse_entry(raw, index, path=None):
    """Validate one element of ``functions``; raise WhitelistError naming
    ``path`` and ``index`` when it is malformed."""
    if not isinstance(raw, dict):
        raise WhitelistError("entry must be an object, not %s"
                             % type(raw).__name__, path, index)
    module = _require(raw, index, "module", str, path)
    qualname = _require(raw, index, "qualname", str, path)
    file = _require(raw, index, "file", str, path)
    line = _require(raw, index, "line", int, path)
    end_line = _require(raw, index, "end_line", int, path)
    digest = _require(raw, index, "source_sha256", str, path)
    for key, value in (("module", module), ("qualname", qualname),
                       ("file", file)):
        if not value:
            raise WhitelistError("%r must not be empty" % key, path, index)
    if line < 1:
        raise WhitelistError("'line' must be >= 1, got %d" % line, path, index)
    if end_line < line:
        raise WhitelistError("'end_line' (%d) is before 'line' (%d)"
                             % (end_line, line), path, index)
    if not _SHA256_RE.match(digest):
        raise WhitelistError("'source_sha256' must be 64 hex digits", path,
                             index)
    return WhitelistEntry(module, qualname, file, line, end_line,
                          digest.lower())


def parse_whitelist(document, path=None, root=None):
    """Build a Whitelist from an already decoded JSON document."""
    if not isinstance(document, dict):
        raise WhitelistError("top level must be a JSON object, not %s"
                             % type(document).__name__, path)
    if "pxlint_whitelist" not in document:
        raise WhitelistError("not a pxlint whitelist (no 'pxlint_whitelist' "
                             "version key)", path)
    version = document["pxlint_whitelist"]
    if (not isinstance(version, int) or isinstance(version, bool)
            or version != FORMAT_VERSION):
        raise WhitelistError("unsupported whitelist version %r (this runtime "
                             "reads version %d)" % (version, FORMAT_VERSION),
                             path)
    if "functions" not in document:
        raise WhitelistError("missing 'functions' list", path)
    functions = document["functions"]
    if not isinstance(functions, list):
        raise WhitelistError("'functions' must be a list, not %s"
                             % type(functions).__name__, path)
    entries = [parse_entry(raw, i, path) for i, raw in enumerate(functions)]
    generator = document.get("generator")
    mode = document.get("mode")
    return Whitelist(entries, path=path, root=root,
                     generator=generator if isinstance(generator, str) else None,
                     mode=mode if isinstance(mode, str) else None)


def load_whitelist(path, root=None):
    """Read and validate the whitelist at ``path``.

    ``root`` is the directory the entries' ``file`` paths are relative to; it
    defaults to the whitelist file's directory.  Raises WhitelistError (whose
    message names the file, and the entry index for a bad entry) when the file
    is missing or unreadable, is not UTF-8 JSON, has a missing or unsupported
    ``pxlint_whitelist`` version, or has a malformed entry."""
    path = os.fspath(path)
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise WhitelistError("whitelist file not found", path) from None
    except IsADirectoryError:
        raise WhitelistError("is a directory, not a whitelist file",
                             path) from None
    except OSError as exc:
        raise WhitelistError("cannot read whitelist: %s"
                             % (exc.strerror or exc), path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WhitelistError("not UTF-8 (byte offset %d)" % exc.start,
                             path) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WhitelistError("invalid JSON at line %d column %d: %s"
                             % (exc.lineno, exc.colno, exc.msg),
                             path) from None
    except RecursionError:
        raise WhitelistError("invalid JSON: nested too deeply", path) from None
    return parse_whitelist(document, path=path, root=root)
