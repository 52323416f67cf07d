#!/usr/bin/env python3
"""Confirm every label of the pxlint callback corpus by running the callbacks.

The corpus lives in tests/corpus/cases/c[0-9][0-9]_*.py.  Each callback is a
function whose `def` (or first decorator) line is preceded by a label comment:

    # label: SAFE
    # label: UNSAFE mutation | UNSAFE call | UNSAFE unprovable

Each case module is imported fresh and its `spawn(ex)` is called with a
recording executor; `threading.Thread`, `threading.Timer` and
`threading.Thread` subclasses are replaced while the module is loaded and
spawned, so every callback invocation runs synchronously, one at a time, in
this thread.  Around each invocation the harness

  * snapshots, by identity and shallow structure, every object reachable from
    the project modules (the files of cases/), their classes, functions,
    closure cells and defaults, and from the submitted callable and its
    arguments; after the call every object that existed before is compared
    again: any difference is a *mutation* (rebinding a global or a class
    attribute changes the module's or class's namespace, so it is one too);
  * snapshots hidden interpreter state (global RNG, os.environ, cwd, sys.path,
    logging, warnings, gc, socket timeout, recursion limit, ...), compares it
    afterwards and restores it: any difference is a *call* effect;
  * records calls of C functions of the modules in C_EXTENSION_MODULES with
    sys.setprofile (`c_call` events): any such call is a *call* effect.

Verdicts: SAFE needs no effect at all; `UNSAFE mutation` needs mutation
effects only; `UNSAFE call` needs call effects only; `UNSAFE unprovable`
needs some effect (it confirms the dynamic code really does something).

Usage:
    python3 tests/corpus/harness.py            # run, print mismatches + summary
    python3 tests/corpus/harness.py -v         # also print every verdict
    python3 tests/corpus/harness.py --list     # JSON list of the callbacks
    python3 tests/corpus/harness.py -k c07     # only case files containing c07

Stdlib only.  Exit status 1 on any failure or when fewer than MIN_CALLBACKS
callbacks were found.
"""

import argparse
import array
import ast
import collections
import concurrent.futures
import decimal
import faulthandler
import functools
import gc
import importlib
import io
import json
import logging
import os
import queue
import random
import re
import signal
import socket
import sys
import threading
import time
import types
import warnings

# --------------------------------------------------------------------------
# Configuration

# Modules whose functions count as C-extension calls (the corpus's
# .pxlint.yaml lists the same ones).
C_EXTENSION_MODULES = frozenset({"zlib", "binascii"})

# Objects of these types are thread-safe: using them through their public API
# is allowed, so their internals are not snapshotted.
THREAD_SAFE_TYPES = (
    queue.Queue,            # LifoQueue and PriorityQueue are subclasses
    queue.SimpleQueue,
    type(threading.Lock()),
    type(threading.RLock()),
    threading.Condition,
    threading.Semaphore,    # BoundedSemaphore is a subclass
    threading.Event,
    threading.Barrier,
    logging.Logger,         # RootLogger is a subclass
    logging.LoggerAdapter,
    logging.Handler,
)

MIN_CALLBACKS = 150
TIME_BUDGET_SECONDS = 30.0

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(HERE, "cases")
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
CASE_FILE_RE = re.compile(r"^c\d\d_[A-Za-z0-9_]+\.py$")
LABEL_RE = re.compile(r"^\s*#\s*label:\s*(.*?)\s*$")
LABELS = {
    "SAFE": ("SAFE", None),
    "UNSAFE mutation": ("UNSAFE", "mutation"),
    "UNSAFE call": ("UNSAFE", "call"),
    "UNSAFE unprovable": ("UNSAFE", "unprovable"),
}

# --------------------------------------------------------------------------
# Label discovery (static, with ast)


class Callback:
    """One labeled function of the corpus."""

    def __init__(self, path, line, def_line, qualname, label, family):
        self.path = path                      # absolute path
        self.rel = os.path.relpath(path, REPO_ROOT).replace(os.sep, "/")
        self.line = line                      # first decorator or def line
        self.def_line = def_line
        self.qualname = qualname
        self.label = label                    # "SAFE" | "UNSAFE"
        self.family = family                  # None | mutation | call | unprovable
        self.invocations = 0
        self.effects = []                     # list of (family, text)
        self.errors = []                      # exceptions, harness problems

    @property
    def label_text(self):
        return self.label if self.family is None else "UNSAFE " + self.family

    def as_json(self):
        return {"file": self.rel, "line": self.line, "qualname": self.qualname,
                "label": self.label, "family": self.family}


def case_files(filter_text=None):
    names = sorted(n for n in os.listdir(CASES_DIR) if CASE_FILE_RE.match(n))
    if filter_text:
        names = [n for n in names if filter_text in n]
    return [os.path.join(CASES_DIR, n) for n in names]


def set_cases_dir(path):
    """Use another directory of case files (for testing the harness itself)."""
    global CASES_DIR
    CASES_DIR = os.path.abspath(path)


def discover(path):
    """Return (callbacks, problems) for one case file."""
    with open(path, encoding="utf-8") as f:
        source = f.read()
    lines = source.splitlines()
    tree = ast.parse(source, filename=path)
    callbacks, problems, used_label_lines = [], [], set()

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                qual = prefix + child.name
                first = min([d.lineno for d in child.decorator_list] + [child.lineno])
                prev = lines[first - 2] if first >= 2 else ""
                m = LABEL_RE.match(prev)
                if m:
                    used_label_lines.add(first - 1)
                    if m.group(1) not in LABELS:
                        problems.append("%s:%d: unknown label %r"
                                        % (path, first - 1, m.group(1)))
                    else:
                        label, family = LABELS[m.group(1)]
                        callbacks.append(Callback(path, first, child.lineno,
                                                  qual, label, family))
                visit(child, qual + ".<locals>.")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    for i, text in enumerate(lines, 1):
        if LABEL_RE.match(text) and i not in used_label_lines:
            problems.append("%s:%d: label comment not directly above a def "
                            "or decorator" % (path, i))
    return callbacks, problems


# --------------------------------------------------------------------------
# Object snapshots


ATOM_TYPES = (int, float, complex, str, bytes, bool, type(None), range,
              type(Ellipsis), type(NotImplemented), types.CodeType,
              types.BuiltinFunctionType, types.WrapperDescriptorType,
              types.MethodWrapperType, types.MethodDescriptorType,
              types.GetSetDescriptorType, types.MemberDescriptorType,
              type(re.compile("")), decimal.Decimal)
_HARNESS_OPAQUE = (concurrent.futures.Executor, concurrent.futures.Future)
_EMPTY = object()
_MAX_OBJECTS = 200000


def _project_module_names():
    names = set()
    for name, mod in list(sys.modules.items()):
        f = getattr(mod, "__file__", None)
        if f and os.path.dirname(os.path.abspath(f)) == CASES_DIR:
            names.add(name)
    return names


def _slot_names(cls):
    out = []
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        if isinstance(slots, str):
            slots = (slots,)
        for s in slots:
            if s not in ("__dict__", "__weakref__"):
                out.append(s)
    return out


class Snapshot:
    """Shallow structure, by identity, of every object reachable from roots."""

    def __init__(self, roots, project_modules):
        self.project = project_modules
        self.entries = {}          # id -> (obj, state, path)
        # Every object seen, atoms included, is kept alive until the diff so
        # that an id in a recorded state can never be reused by a new object.
        self.keepalive = []
        stack = [(path, obj) for path, obj in reversed(roots)]
        while stack:
            path, obj = stack.pop()
            self.keepalive.append(obj)
            oid = id(obj)
            if oid in self.entries:
                continue
            described = self.describe(obj)
            if described is None:
                continue
            state, children = described
            self.entries[oid] = (obj, state, path)
            if len(self.entries) > _MAX_OBJECTS:
                raise RuntimeError("snapshot too large at " + path)
            for sub, child in reversed(children):
                if id(child) not in self.entries:
                    stack.append((path + sub, child))

    def _is_project_name(self, modname):
        return modname in self.project

    def describe(self, obj):
        """Return (state, [(path suffix, child)]) or None for opaque/atoms."""
        t = type(obj)
        if isinstance(obj, ATOM_TYPES) and not isinstance(obj, (tuple, list)):
            # int/str subclasses with a __dict__ are still treated as atoms
            return None
        if isinstance(obj, THREAD_SAFE_TYPES):
            return None
        if isinstance(obj, _HARNESS_OPAQUE) or t.__module__ == __name__:
            return None     # the harness's own machinery (executor, futures)
        if isinstance(obj, types.ModuleType):
            if obj.__name__ not in self.project:
                return None
            items = [(k, v) for k, v in obj.__dict__.items() if k != "__builtins__"]
            return (("module", tuple((k, id(v)) for k, v in items)),
                    [("." + k, v) for k, v in items])
        if isinstance(obj, type):
            if not self._is_project_name(getattr(obj, "__module__", None)):
                return None
            items = [(k, v) for k, v in obj.__dict__.items()
                     if k not in ("__dict__", "__weakref__")]
            return (("class", tuple((k, id(v)) for k, v in items)),
                    [("." + k, v) for k, v in items])
        if isinstance(obj, types.FunctionType):
            if not self._is_project_name(obj.__module__):
                return None
            cells = obj.__closure__ or ()
            names = obj.__code__.co_freevars
            fdict = list(obj.__dict__.items())
            state = ("function", id(obj.__code__), id(obj.__defaults__),
                     id(obj.__kwdefaults__), tuple(id(c) for c in cells),
                     tuple((k, id(v)) for k, v in fdict))
            children = [(".__code__", obj.__code__),
                        (".__defaults__", obj.__defaults__),
                        (".__kwdefaults__", obj.__kwdefaults__)]
            children += [("<cell %s>" % n, c) for n, c in zip(names, cells)]
            children += [("." + k, v) for k, v in fdict]
            return state, children
        if isinstance(obj, types.CellType):
            try:
                contents = obj.cell_contents
            except ValueError:
                return ("cell", None), []
            return ("cell", id(contents)), [("", contents)]
        if isinstance(obj, types.MethodType):
            return (("method", id(obj.__self__), id(obj.__func__)),
                    [(".__self__", obj.__self__), (".__func__", obj.__func__)])
        if isinstance(obj, (staticmethod, classmethod)):
            return ("wrapper", id(obj.__func__)), [(".__func__", obj.__func__)]
        if isinstance(obj, property):
            fs = (obj.fget, obj.fset, obj.fdel)
            return (("property",) + tuple(id(f) for f in fs),
                    [(".fget", obj.fget), (".fset", obj.fset), (".fdel", obj.fdel)])
        if isinstance(obj, functools.partial):
            kw = list(obj.keywords.items())
            return (("partial", id(obj.func), tuple(id(a) for a in obj.args),
                     tuple((k, id(v)) for k, v in kw)),
                    [(".func", obj.func)] + [("[%d]" % i, a) for i, a in enumerate(obj.args)]
                    + [("[%r]" % k, v) for k, v in kw])
        if isinstance(obj, random.Random):
            if obj is getattr(random, "_inst", None):
                return None     # the global RNG: hidden state, checked apart
            return ("rng", obj.getstate()), []

        state, children = [], []
        if isinstance(obj, dict):
            items = list(obj.items())
            state.append(("dict", tuple((id(k), id(v)) for k, v in items)))
            for k, v in items:
                children.append(("[%r]" % (k,), v))
                children.append(("<key %r>" % (k,), k))
            if isinstance(obj, collections.defaultdict):
                state.append(("default_factory", id(obj.default_factory)))
                children.append((".default_factory", obj.default_factory))
        elif isinstance(obj, (list, tuple)):
            state.append((t.__name__ if t in (list, tuple) else "seq",
                          tuple(id(x) for x in obj)))
            children += [("[%d]" % i, x) for i, x in enumerate(obj)]
        elif isinstance(obj, (set, frozenset)):
            state.append(("set", frozenset(id(x) for x in obj)))
            children += [("{%r}" % (x,), x) for x in obj]
        elif isinstance(obj, collections.deque):
            state.append(("deque", obj.maxlen, tuple(id(x) for x in obj)))
            children += [("[%d]" % i, x) for i, x in enumerate(obj)]
        elif isinstance(obj, (bytearray, array.array)):
            state.append(("buffer", bytes(obj)))
        elif isinstance(obj, (io.StringIO, io.BytesIO)) and not obj.closed:
            # an in-memory file: its contents and position
            state.append(("memfile", obj.getvalue(), obj.tell()))
        elif isinstance(obj, collections.ChainMap):
            state.append(("chainmap", tuple(id(m) for m in obj.maps)))
            children += [(".maps[%d]" % i, m) for i, m in enumerate(obj.maps)]
        # instance attributes (project classes, SimpleNamespace, dataclasses...)
        d = getattr(obj, "__dict__", None)
        if isinstance(d, dict):
            items = list(d.items())
            state.append(("attrs", tuple((k, id(v)) for k, v in items)))
            children += [("." + k, v) for k, v in items]
        slots = _slot_names(t)
        if slots:
            vals = [(s, getattr(obj, s, _EMPTY)) for s in slots]
            state.append(("slots", tuple((s, id(v)) for s, v in vals)))
            children += [("." + s, v) for s, v in vals if v is not _EMPTY]
        if not state:
            return None
        state.append(("type", id(t)))
        return tuple(state), children

    def diff(self):
        """Return sorted descriptions of objects whose structure changed."""
        changes = []
        for obj, state, path in self.entries.values():
            try:
                now = self.describe(obj)
            except Exception as e:       # pragma: no cover - defensive
                changes.append("%s: cannot re-inspect (%s)" % (path, e))
                continue
            now_state = None if now is None else now[0]
            if now_state != state:
                changes.append("%s (%s) changed" % (path, type(obj).__name__))
        return sorted(changes)


# --------------------------------------------------------------------------
# Hidden interpreter state

_SIGNALS = [getattr(signal, n) for n in
            ("SIGINT", "SIGTERM", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGALRM",
             "SIGCHLD", "SIGPIPE") if hasattr(signal, n)]
_DECIMAL_FIELDS = ("prec", "rounding", "Emin", "Emax", "capitals", "clamp")


def _umask():
    m = os.umask(0o022)
    os.umask(m)
    return m


def _cwd():
    try:
        return os.getcwd()
    except OSError:             # the directory was removed under us
        return None


def _decimal_state():
    c = decimal.getcontext()
    return (tuple(getattr(c, f) for f in _DECIMAL_FIELDS),
            tuple(sorted((k.__name__, v) for k, v in c.traps.items())))


def _is_real_import(mod):
    return isinstance(mod, types.ModuleType) and getattr(mod, "__spec__", None) is not None


class HiddenState:
    """Process-wide state that stdlib functions mutate behind the scenes."""

    def __init__(self):
        root = logging.getLogger()
        self.values = {
            "random global RNG": random.getstate(),
            "os.environ": dict(os.environ),
            "os.environ object": id(os.environ),
            "cwd": _cwd(),
            "sys.path": list(sys.path),
            "sys.path object": id(sys.path),
            "logging root handlers": list(root.handlers),
            "logging root level": root.level,
            "logging.disable": root.manager.disable,
            "warnings.filters": list(warnings.filters),
            "warnings.filters object": id(warnings.filters),
            "gc enabled": gc.isenabled(),
            "gc threshold": gc.get_threshold(),
            "socket default timeout": socket.getdefaulttimeout(),
            "recursion limit": sys.getrecursionlimit(),
            "switch interval": sys.getswitchinterval(),
            "decimal context": _decimal_state(),
            "signal handlers": tuple(signal.getsignal(s) for s in _SIGNALS),
            "umask": _umask(),
            "std streams": (sys.stdin, sys.stdout, sys.stderr),
            "hooks": (sys.excepthook, sys.displayhook, threading.excepthook,
                      sys.breakpointhook),
            "faulthandler": faulthandler.is_enabled(),
            "sys.dont_write_bytecode": sys.dont_write_bytecode,
        }
        self.path_obj = sys.path
        self.filters_obj = warnings.filters
        self.environ_obj = os.environ
        self.modules = dict(sys.modules)

    def _module_changes(self):
        removed = [k for k in self.modules if k not in sys.modules]
        rebound = [k for k, v in self.modules.items()
                   if k in sys.modules and sys.modules[k] is not v]
        added = [k for k, v in list(sys.modules.items())
                 if k not in self.modules and not _is_real_import(v)]
        return removed, rebound, added

    def diff(self):
        now = HiddenState.__new__(HiddenState)
        HiddenState.__init__(now)
        out = [k for k in self.values if self.values[k] != now.values[k]]
        removed, rebound, added = self._module_changes()
        if removed or rebound or added:
            out.append("sys.modules (%s)" % ", ".join(removed + rebound + added))
        return out

    def restore(self):
        v = self.values
        random.setstate(v["random global RNG"])
        if os.environ is not self.environ_obj:
            os.environ = self.environ_obj
        for k in list(os.environ):
            if k not in v["os.environ"]:
                del os.environ[k]
        for k, val in v["os.environ"].items():
            if os.environ.get(k) != val:
                os.environ[k] = val
        if v["cwd"] is not None and _cwd() != v["cwd"]:
            os.chdir(v["cwd"])
        self.path_obj[:] = v["sys.path"]
        sys.path = self.path_obj
        root = logging.getLogger()
        root.handlers[:] = v["logging root handlers"]
        root.setLevel(v["logging root level"])
        logging.disable(v["logging.disable"])
        self.filters_obj[:] = v["warnings.filters"]
        warnings.filters = self.filters_obj
        warnings._filters_mutated()
        (gc.enable if v["gc enabled"] else gc.disable)()
        gc.set_threshold(*v["gc threshold"])
        socket.setdefaulttimeout(v["socket default timeout"])
        sys.setrecursionlimit(v["recursion limit"])
        sys.setswitchinterval(v["switch interval"])
        c = decimal.getcontext()
        for f, val in zip(_DECIMAL_FIELDS, v["decimal context"][0]):
            setattr(c, f, val)
        traps = dict(v["decimal context"][1])
        for k in c.traps:
            c.traps[k] = traps.get(k.__name__, c.traps[k])
        for s, h in zip(_SIGNALS, v["signal handlers"]):
            if h is not None and signal.getsignal(s) != h:
                signal.signal(s, h)
        os.umask(v["umask"])
        sys.stdin, sys.stdout, sys.stderr = v["std streams"]
        (sys.excepthook, sys.displayhook, threading.excepthook,
         sys.breakpointhook) = v["hooks"]
        if faulthandler.is_enabled() != v["faulthandler"]:
            (faulthandler.enable if v["faulthandler"] else faulthandler.disable)()
        sys.dont_write_bytecode = v["sys.dont_write_bytecode"]
        removed, rebound, added = self._module_changes()
        for k in removed + rebound:
            sys.modules[k] = self.modules[k]
        for k in added:
            del sys.modules[k]


# --------------------------------------------------------------------------
# Running callbacks


def _c_module_of(fn):
    """Name of the module a builtin function or method belongs to, or None."""
    mod = getattr(fn, "__module__", None)
    if mod:
        return mod
    owner = getattr(fn, "__self__", None)
    if isinstance(owner, types.ModuleType):
        return owner.__name__
    if owner is not None:
        return getattr(type(owner), "__module__", None)
    return None


class Runner:
    """Runs each submitted callable synchronously and records its effects."""

    def __init__(self, callbacks):
        self.by_code_key = {(cb.path, cb.line): cb for cb in callbacks}
        self.unattributed = []

    def invoke(self, fn, args=(), kwargs=None, what="submit"):
        kwargs = kwargs or {}
        project = _project_module_names()
        roots = [("<module %s>" % n, sys.modules[n]) for n in sorted(project)]
        roots += [("<callable>", fn), ("<args>", args), ("<kwargs>", kwargs)]
        snap = Snapshot(roots, project)
        hidden = HiddenState()
        current = [None]
        ccalls = []
        by_key = self.by_code_key

        def profiler(frame, event, arg):
            if event == "call":
                if current[0] is None:
                    code = frame.f_code
                    cb = by_key.get((code.co_filename, code.co_firstlineno))
                    if cb is not None:
                        current[0] = cb
                        runtime_qualname = getattr(code, "co_qualname", cb.qualname)
                        if runtime_qualname != cb.qualname:
                            cb.errors.append("runtime qualname %r differs from %r"
                                             % (runtime_qualname, cb.qualname))
            elif event == "c_call":
                mod = _c_module_of(arg)
                if mod in C_EXTENSION_MODULES:
                    ccalls.append("%s.%s" % (mod, getattr(arg, "__name__", "?")))

        old_profile = sys.getprofile()
        error = None
        result = None
        sys.setprofile(profiler)
        try:
            result = fn(*args, **kwargs)
        except BaseException as e:      # noqa: B036 - record everything
            error = e
        finally:
            sys.setprofile(old_profile)
        changes = snap.diff()
        hidden_changes = hidden.diff()
        hidden.restore()
        cb = current[0]
        if cb is None:
            self.unattributed.append("%s of %r reached no labeled callback%s"
                                     % (what, fn, "" if error is None else
                                        " (raised %r)" % (error,)))
        else:
            cb.invocations += 1
            cb.effects += [("mutation", c) for c in changes]
            cb.effects += [("call", "C-extension call " + c) for c in sorted(set(ccalls))]
            cb.effects += [("call", "hidden state changed: " + h) for h in hidden_changes]
            if error is not None:
                cb.errors.append("raised %s: %s" % (type(error).__name__, error))
        if error is not None:
            raise error
        return result


class RecordingExecutor(concurrent.futures.ThreadPoolExecutor):
    """A ThreadPoolExecutor whose submit runs the call synchronously."""

    def __init__(self, runner):
        super().__init__(max_workers=1)
        self._runner = runner

    def submit(self, fn, /, *args, **kwargs):
        fut = concurrent.futures.Future()
        try:
            fut.set_result(self._runner.invoke(fn, args, kwargs, "submit"))
        except BaseException as e:      # noqa: B036
            fut.set_exception(e)
        return fut

    def shutdown(self, wait=True, *, cancel_futures=False):
        pass


def make_fake_threading(runner):
    """Return (Thread, Timer) replacements that run targets synchronously."""

    class Thread:
        def __init__(self, group=None, target=None, name=None, args=(),
                     kwargs=None, *, daemon=None):
            self._target = target
            self._args = tuple(args)
            self._kwargs = dict(kwargs or {})
            self.name = name or "corpus-thread"
            self.daemon = bool(daemon)
            self._started = False

        def run(self):
            if self._target is not None:
                self._target(*self._args, **self._kwargs)

        def start(self):
            if self._started:
                raise RuntimeError("threads can only be started once")
            self._started = True
            try:
                if type(self).run is not Thread.run:
                    runner.invoke(self.run, (), {}, "Thread.run")
                elif self._target is not None:
                    runner.invoke(self._target, self._args, self._kwargs, "Thread")
            except BaseException:       # noqa: B036 - a thread swallows it
                pass

        def join(self, timeout=None):
            pass

        def is_alive(self):
            return False

    class Timer(Thread):
        def __init__(self, interval, function, args=None, kwargs=None):
            Thread.__init__(self)
            self.interval = interval
            self.function = function
            self.args = args if args is not None else []
            self.kwargs = kwargs if kwargs is not None else {}
            self._cancelled = False

        def cancel(self):
            self._cancelled = True

        def start(self):
            if self._started:
                raise RuntimeError("threads can only be started once")
            self._started = True
            if self._cancelled:
                return
            try:
                runner.invoke(self.function, tuple(self.args), dict(self.kwargs), "Timer")
            except BaseException:       # noqa: B036
                pass

    return Thread, Timer


def _forget_project_modules():
    for name in list(sys.modules):
        mod = sys.modules[name]
        f = getattr(mod, "__file__", None)
        if f and os.path.dirname(os.path.abspath(f)) == CASES_DIR:
            del sys.modules[name]


def run_module(path, callbacks):
    """Import one case module fresh and run its spawn(); return problems."""
    problems = []
    runner = Runner(callbacks)
    name = os.path.splitext(os.path.basename(path))[0]
    real_thread, real_timer = threading.Thread, threading.Timer
    fake_thread, fake_timer = make_fake_threading(runner)
    _forget_project_modules()
    threading.Thread, threading.Timer = fake_thread, fake_timer
    saved_dont_write = sys.dont_write_bytecode
    sys.dont_write_bytecode = True      # never write __pycache__ into the repo
    sys.path.insert(0, CASES_DIR)
    try:
        try:
            module = importlib.import_module(name)
        finally:
            if CASES_DIR in sys.path:
                sys.path.remove(CASES_DIR)
        spawn = getattr(module, "spawn", None)
        if spawn is None:
            problems.append("%s: no spawn(ex) function" % path)
        else:
            ex = RecordingExecutor(runner)
            try:
                spawn(ex)
            except BaseException as e:      # noqa: B036
                problems.append("%s: spawn raised %s: %s" % (path, type(e).__name__, e))
    except BaseException as e:              # noqa: B036
        problems.append("%s: import failed: %s: %s" % (path, type(e).__name__, e))
    finally:
        threading.Thread, threading.Timer = real_thread, real_timer
        sys.dont_write_bytecode = saved_dont_write
        _forget_project_modules()
    problems += ["%s: %s" % (path, u) for u in runner.unattributed]
    return problems


def verdict(cb):
    """Return (ok, observed text)."""
    fams = sorted({f for f, _ in cb.effects})
    observed = "SAFE" if not fams else "UNSAFE " + "+".join(fams)
    if cb.invocations == 0:
        return False, "never invoked by spawn()"
    if cb.errors:
        return False, "; ".join(cb.errors)
    if cb.label == "SAFE":
        return not fams, observed
    if cb.family == "unprovable":
        return bool(fams), observed
    return fams == [cb.family], observed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--list", action="store_true",
                    help="print the callbacks found as JSON and exit")
    ap.add_argument("-k", metavar="TEXT", help="only case files whose name contains TEXT")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every verdict")
    ap.add_argument("--cases", metavar="DIR",
                    help="directory of case files (default: cases/ beside this script)")
    opts = ap.parse_args(argv)
    if opts.cases:
        set_cases_dir(opts.cases)

    started = time.monotonic()
    all_callbacks, problems, per_file = [], [], []
    for path in case_files(opts.k):
        cbs, probs = discover(path)
        all_callbacks += cbs
        problems += probs
        per_file.append((path, cbs))

    if opts.list:
        json.dump([cb.as_json() for cb in all_callbacks], sys.stdout, indent=1)
        sys.stdout.write("\n")
        for p in problems:
            print(p, file=sys.stderr)
        return 1 if problems else 0

    baseline = HiddenState()
    baseline_modules = set(sys.modules)
    baseline_loggers = set(logging.Logger.manager.loggerDict)
    asyncio_loaded = "asyncio" in sys.modules
    for path, cbs in per_file:
        problems += run_module(path, cbs)
    leftover = baseline.diff()
    baseline.restore()
    for name in set(logging.Logger.manager.loggerDict) - baseline_loggers:
        del logging.Logger.manager.loggerDict[name]     # loggers of case modules
    if not asyncio_loaded and "asyncio" in sys.modules:
        sys.modules["asyncio"].set_event_loop_policy(None)
    for name in set(sys.modules) - baseline_modules:
        mod = sys.modules[name]
        f = getattr(mod, "__file__", None) or ""
        if os.path.abspath(f).startswith(CASES_DIR):
            del sys.modules[name]
    if leftover:
        problems.append("harness: process state differed after the run "
                        "(restored): " + ", ".join(leftover))

    passed = failed = 0
    for cb in all_callbacks:
        ok, observed = verdict(cb)
        where = "%s:%d %s" % (cb.rel, cb.line, cb.qualname)
        detail = "; ".join(t for _, t in cb.effects[:4])
        if len(cb.effects) > 4:
            detail += "; ... (%d effects)" % len(cb.effects)
        if ok:
            passed += 1
            if opts.verbose:
                print("ok   %s: %s (%s)" % (where, cb.label_text, detail or "no effect"))
        else:
            failed += 1
            print("FAIL %s: label %s, observed %s%s"
                  % (where, cb.label_text, observed, (" [" + detail + "]") if detail else ""))
    for p in problems:
        print("ERROR " + p)
    elapsed = time.monotonic() - started
    if opts.verbose:
        counts = collections.Counter(cb.label_text for cb in all_callbacks)
        print("labels: " + ", ".join("%s=%d" % kv for kv in sorted(counts.items())))
        print("elapsed: %.2fs" % elapsed)
    if len(all_callbacks) < MIN_CALLBACKS and not opts.k:
        print("ERROR only %d callbacks found (need at least %d)"
              % (len(all_callbacks), MIN_CALLBACKS))
    if elapsed > TIME_BUDGET_SECONDS:
        print("ERROR harness took %.1fs (budget %.0fs)" % (elapsed, TIME_BUDGET_SECONDS))
    print("%d passed, %d failed" % (passed, failed))
    bad = (failed or problems or elapsed > TIME_BUDGET_SECONDS
           or (len(all_callbacks) < MIN_CALLBACKS and not opts.k))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
