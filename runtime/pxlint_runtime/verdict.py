"""Deciding whether one callable may run lock-free, and why not.

A callable runs lock-free only when all of these hold:

1. after unwrapping ``functools.partial`` and bound methods it is a plain
   Python function;
2. the whitelist has exactly one entry for ``(fn.__module__,
   fn.__qualname__)`` whose ``line`` equals ``fn.__code__.co_firstlineno``;
3. the entry's source lines, read from the file (relative to the whitelist's
   root, else ``co_filename``), hash to the entry's ``source_sha256``;
4. compiling that file yields exactly one function of that name on that line,
   and its code equals ``fn.__code__`` (so the code that runs is the code
   pxlint read, not an older import of an edited file);
5. ``fn.__globals__`` is the namespace of module ``fn.__module__`` (pxlint
   resolved the function's global names in that module).

Checks 1-4 are cached per code object; check 5 is an identity test per call.
"""

import functools
import os
import sys
import types
from dataclasses import dataclass
from typing import Optional

from . import source as _source
from .whitelist import WhitelistEntry

#: Reason codes of a serialized verdict, with what each one means.
REASONS = {
    "not-function": "not a Python function (builtin, C extension, class, "
                    "callable object, ...)",
    "not-listed": "no whitelist entry for the module and qualname",
    "lambda-not-listed": "a lambda without a whitelist entry",
    "line-mismatch": "whitelist entries exist, but for other lines",
    "ambiguous-entry": "conflicting whitelist entries for the same function",
    "no-source": "the source file cannot be found or read",
    "stale-hash": "the source lines changed since the whitelist was written",
    "code-mismatch": "the running code is not the code compiled from the "
                     "whitelisted source",
    "ambiguous": "several functions with this qualname start on this line",
    "foreign-globals": "the function's globals are not its module's namespace",
}

_UNWRAP_LIMIT = 1000


def unwrap_callable(obj):
    """Strip ``functools.partial`` layers and bound methods (``__func__``),
    recursively, and return the underlying object (a function when it is
    one).  ``functools.wraps`` wrappers are not unwrapped: the wrapper is
    what runs."""
    for _ in range(_UNWRAP_LIMIT):
        if isinstance(obj, functools.partial):
            obj = obj.func
        elif isinstance(obj, types.MethodType):
            obj = obj.__func__
        else:
            return obj
    return obj


@dataclass(frozen=True)
class Verdict:
    """Whether a callable may run lock-free.

    ``reason`` is None when ``lock_free`` is true, otherwise one of
    :data:`REASONS`; ``detail`` is a sentence for people.  ``module``,
    ``qualname`` and ``line`` identify the (unwrapped) function; ``line`` is
    None for things that are not Python functions.  ``source_path`` is the
    file that was checked, when one was."""

    lock_free: bool
    reason: Optional[str]
    detail: str
    module: Optional[str]
    qualname: str
    line: Optional[int]
    entry: Optional[WhitelistEntry] = None
    source_path: Optional[str] = None

    @property
    def key(self):
        """(module, qualname, line): identifies one function for statistics
        and for logging once per function."""
        return (self.module, self.qualname, self.line)

    @property
    def label(self):
        """``module.qualname``, plus ``:line`` for lambdas (which share a
        qualname)."""
        name = self.qualname
        if self.module:
            name = "%s.%s" % (self.module, name)
        if self.line is not None and "<lambda>" in self.qualname:
            name = "%s:%d" % (name, self.line)
        return name

    @property
    def summary(self):
        """``lock-free`` or ``serialized (reason)``."""
        if self.lock_free:
            return "lock-free"
        return "serialized (%s)" % self.reason


def _describe(obj):
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    if not isinstance(qualname, str):
        qualname = type(obj).__qualname__ + " object"
    if not isinstance(module, str):
        module = None
    return module, qualname


def _serialized(reason, detail, module, qualname, line, entry=None,
                source_path=None):
    return Verdict(False, reason, detail, module, qualname, line, entry,
                   source_path)


def check_callable(whitelist, obj):
    """The verdict on ``obj`` under ``whitelist`` (see the module doc).
    Never raises for odd callables: anything it cannot check is serialized."""
    fn = unwrap_callable(obj)
    if not isinstance(fn, types.FunctionType):
        module, qualname = _describe(fn)
        return _serialized("not-function", "not a Python function (%s)"
                           % type(fn).__name__, module, qualname, None)
    code = fn.__code__
    module = fn.__module__
    qualname = fn.__qualname__
    if not isinstance(module, str) or not isinstance(qualname, str):
        mod, qual = _describe(fn)
        return _serialized("not-listed", "function has no usable __module__/"
                           "__qualname__", mod, qual, code.co_firstlineno)
    key = (id(code), module, qualname)
    cached = whitelist._cache.get(key)
    if cached is None or cached[0] is not code:
        with whitelist._cache_lock:
            cached = whitelist._cache.get(key)
            if cached is None or cached[0] is not code:
                cached = (code, _check_function(whitelist, fn, module,
                                                qualname))
                whitelist._cache[key] = cached
    verdict = cached[1]
    if verdict.lock_free:
        mod = sys.modules.get(module)
        if getattr(mod, "__dict__", None) is not fn.__globals__:
            return _serialized(
                "foreign-globals",
                "its globals are not the namespace of module %r (built with "
                "types.FunctionType, exec, or the module is not in "
                "sys.modules)" % module,
                module, qualname, verdict.line, verdict.entry,
                verdict.source_path)
    return verdict


def _check_function(whitelist, fn, module, qualname):
    """Checks 2-4 of the module doc, uncached."""
    code = fn.__code__
    line = code.co_firstlineno
    entries = whitelist.entries_for(module, qualname)
    if not entries:
        if code.co_name == "<lambda>":
            return _serialized("lambda-not-listed",
                               "lambda without a whitelist entry",
                               module, qualname, line)
        return _serialized("not-listed", "not in the whitelist", module,
                           qualname, line)
    same_line = [e for e in entries if e.line == line]
    if not same_line and code.co_name == "<lambda>":
        return _serialized("lambda-not-listed",
                           "lambda without a whitelist entry (entries for "
                           "lambdas of this scope are at line %s)"
                           % ", ".join(str(e.line) for e in entries),
                           module, qualname, line)
    if not same_line:
        return _serialized(
            "line-mismatch",
            "the whitelist lists it at line %s, but it starts at line %d"
            % (", ".join(str(e.line) for e in entries), line),
            module, qualname, line)
    entry = same_line[0]
    if any(e != entry for e in same_line[1:]):
        return _serialized("ambiguous-entry",
                           "%d different whitelist entries for line %d"
                           % (len(same_line), line), module, qualname, line)

    candidates = []
    for path in (whitelist.resolve(entry), code.co_filename):
        if path and not path.startswith("<"):
            path = os.path.abspath(path)
            if path not in candidates:
                candidates.append(path)
    stale = []
    unreadable = []
    for path in candidates:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as exc:
            if not isinstance(exc, FileNotFoundError):
                unreadable.append("%s (%s)" % (path, exc.strerror or exc))
            continue
        digest = _source.source_sha256(data, entry.line, entry.end_line)
        if digest is None:
            stale.append("%s has no lines %d-%d"
                         % (path, entry.line, entry.end_line))
            continue
        if digest != entry.source_sha256:
            stale.append("sha256 of %s lines %d-%d differs"
                         % (path, entry.line, entry.end_line))
            continue
        return _check_code(whitelist, fn, entry, path, data)
    if stale:
        return _serialized("stale-hash",
                           "source changed since the whitelist was written: "
                           + "; ".join(stale), module, qualname, line, entry)
    detail = "source file not found: %s" % " or ".join(candidates or
                                                        [entry.file])
    if unreadable:
        detail = "source file unreadable: %s" % ", ".join(unreadable)
    return _serialized("no-source", detail, module, qualname, line, entry)


def _check_code(whitelist, fn, entry, path, data):
    """Check 4: the running code is the code of those source lines."""
    code = fn.__code__
    module, qualname, line = fn.__module__, fn.__qualname__, code.co_firstlineno
    module_code = _compile_cached(whitelist, path, data)
    if isinstance(module_code, BaseException):
        return _serialized("code-mismatch", "%s does not compile here: %s"
                           % (path, module_code), module, qualname, line,
                           entry, path)
    found = _source.find_code(module_code, qualname, code.co_name, line)
    if len(found) > 1:
        return _serialized(
            "ambiguous",
            "%d functions named %s start on line %d of %s; the whitelist "
            "cannot tell them apart" % (len(found), qualname, line, path),
            module, qualname, line, entry, path)
    if not found or found[0] != code:
        return _serialized(
            "code-mismatch",
            "the running code differs from %s lines %d-%d (edited after "
            "import, or wrapped/rewritten code)"
            % (path, entry.line, entry.end_line),
            module, qualname, line, entry, path)
    return Verdict(True, None, "whitelisted, source fresh", module, qualname,
                   line, entry, path)


def _compile_cached(whitelist, path, data):
    """Compile ``data`` once per (path, content) per whitelist; return the
    module code object, or the exception compiling raised."""
    cache = whitelist._compiled  # caller holds whitelist._cache_lock
    hit = cache.get(path)
    if hit is not None and hit[0] == data:
        return hit[1]
    try:
        result = _source.compile_module(data, path)
    except (SyntaxError, ValueError, RecursionError, MemoryError,
            OverflowError) as exc:
        result = exc
    cache[path] = (data, result)
    return result
