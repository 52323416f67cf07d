"""ParallelExecutor: lock-free vs serialized execution, unwrapping, strict
mode, staleness checks, caching and statistics."""

import functools
import logging
import os
import shutil
import threading
import time
import types
import unittest
import zlib
from concurrent.futures import Future
from unittest import mock

from .support import TempModuleCase, make_entry, write_whitelist

import pxlint_runtime
from pxlint_runtime import (NotWhitelistedError, ParallelExecutor, Whitelist,
                            gil_status, load_whitelist, serial_lock)
from pxlint_runtime import source as source_module

MODULE = '''
import functools
import threading
import time

_lock = threading.Lock()
state = {"running": 0, "max": 0}


def wait_at(barrier, timeout):
    return barrier.wait(timeout)


def tick(delay):
    with _lock:
        state["running"] += 1
        if state["running"] > state["max"]:
            state["max"] = state["running"]
    time.sleep(delay)
    with _lock:
        state["running"] -= 1
    return True


def add(a, b, c=0):
    return a + b + c


def boom():
    raise ValueError("boom")


class Counter:
    def __init__(self, start):
        self.start = start

    def read(self, extra=0):
        return self.start + extra

    def unlisted(self):
        return self.start

    @classmethod
    def make(cls, start):
        return cls(start)

    def __call__(self):
        return self.start


def outer():
    def inner(x):
        return x * 2
    return inner


def register(f):
    return f


@register
def decorated(x):
    return x + 1


def deco(f):
    @functools.wraps(f)
    def wrapper(*args):
        return f(*args)
    return wrapper


@deco
def wrapped(x):
    return x


square = lambda x: x * x
cube = lambda x: x * x * x
pair = (lambda x: x + 1, lambda x: x + 2)
'''

LISTED = ["wait_at", "tick", "add", "boom", "Counter.read", "Counter.make",
          "outer.<locals>.inner", "decorated", "wrapped"]

TIMEOUT = 10


class ExecutorTestCase(TempModuleCase):
    def setUp(self):
        super().setUp()
        self.name, self.path = self.write_module(MODULE)
        self.mod = self.import_module(self.name)
        entries = [make_entry(self.name, self.path, q, root=self.tmp)
                   for q in LISTED]
        square_line = self.mod.square.__code__.co_firstlineno
        pair_line = self.mod.pair[0].__code__.co_firstlineno
        entries.append(make_entry(self.name, self.path, "<lambda>",
                                  line=square_line, root=self.tmp))
        entries.append(make_entry(self.name, self.path, "<lambda>",
                                  line=pair_line, root=self.tmp,
                                  allow_many=True))
        self.entries = entries
        self.wl = load_whitelist(self.whitelist_file(entries))
        self.mod.state.update(running=0, max=0)

    def executor(self, whitelist=None, workers=4, **kw):
        ex = ParallelExecutor(self.wl if whitelist is None else whitelist,
                              max_workers=workers, **kw)
        self.addCleanup(ex.shutdown)
        return ex

    def assertLockFree(self, fn, whitelist=None):
        verdict = (whitelist or self.wl).verdict(fn)
        self.assertTrue(verdict.lock_free, verdict)
        return verdict

    def assertSerialized(self, fn, reason, whitelist=None):
        verdict = (whitelist or self.wl).verdict(fn)
        self.assertFalse(verdict.lock_free, verdict)
        self.assertEqual(verdict.reason, reason, verdict.detail)
        return verdict


class ConcurrencyTest(ExecutorTestCase):
    def test_listed_callbacks_run_concurrently(self):
        n = 4
        ex = self.executor(workers=n)
        barrier = threading.Barrier(n)
        futures = [ex.submit(self.mod.wait_at, barrier, 5) for _ in range(n)]
        # Each task blocks until all n are inside wait_at at the same time,
        # which only parallel (lock-free) execution allows.
        self.assertEqual(sorted(f.result(TIMEOUT) for f in futures),
                         list(range(n)))
        stats = {s.qualname: s for s in ex.stats()}["wait_at"]
        self.assertEqual((stats.lock_free_calls, stats.serialized_calls),
                         (n, 0))

    def test_unlisted_callbacks_never_overlap_barrier(self):
        ex = self.executor(whitelist=Whitelist(), workers=4)
        barrier = threading.Barrier(2)
        start = time.monotonic()
        futures = [ex.submit(self.mod.wait_at, barrier, 0.3)
                   for _ in range(2)]
        for f in futures:
            self.assertIsInstance(f.exception(TIMEOUT),
                                  threading.BrokenBarrierError)
        self.assertGreaterEqual(time.monotonic() - start, 0.25)

    def test_unlisted_callbacks_never_overlap_counter(self):
        ex = self.executor(whitelist=Whitelist(), workers=6)
        futures = [ex.submit(self.mod.tick, 0.005) for _ in range(24)]
        self.assertTrue(all(f.result(TIMEOUT) for f in futures))
        self.assertEqual(self.mod.state["max"], 1)
        stats = ex.stats()[0]
        self.assertEqual((stats.lock_free_calls, stats.serialized_calls),
                         (0, 24))
        self.assertEqual(stats.reasons.keys(), {"not-listed"})

    def test_same_function_listed_does_overlap(self):
        # Control for the test above: the counter can exceed 1.
        ex = self.executor(workers=6)
        futures = [ex.submit(self.mod.tick, 0.05) for _ in range(12)]
        self.assertTrue(all(f.result(TIMEOUT) for f in futures))
        self.assertGreater(self.mod.state["max"], 1)

    def test_one_lock_for_all_executors(self):
        a = self.executor(whitelist=Whitelist(), workers=3)
        b = self.executor(whitelist=Whitelist(), workers=3)
        futures = []
        for _ in range(8):
            futures.append(a.submit(self.mod.tick, 0.005))
            futures.append(b.submit(self.mod.tick, 0.005))
        for f in futures:
            f.result(TIMEOUT)
        self.assertEqual(self.mod.state["max"], 1)

    def test_main_thread_can_hold_the_serial_lock(self):
        ex = self.executor(workers=2)
        with serial_lock():
            slow = ex.submit(self.mod.tick, 0)           # listed: lock-free
            held = ex.submit(functools.partial(len, "abc"))  # serialized
            self.assertTrue(slow.result(TIMEOUT))
            time.sleep(0.05)
            self.assertFalse(held.done())
        self.assertEqual(held.result(TIMEOUT), 3)


class StalenessTest(ExecutorTestCase):
    SOURCE = '''
    def handler(x):
        return x + 100
    '''

    def _module(self):
        name, path = self.write_module(self.SOURCE)
        entry = make_entry(name, path, "handler", root=self.tmp)
        return name, path, entry

    def _edit(self, path):
        with open(path, "rb") as f:
            data = f.read()
        with open(path, "wb") as f:
            f.write(data.replace(b"x + 100", b"x + 200"))

    def test_stale_hash_falls_back_and_logs_once(self):
        name, path, entry = self._module()
        wl = load_whitelist(self.whitelist_file([entry], "stale.json"))
        self._edit(path)                     # edited after the whitelist
        mod = self.import_module(name)
        ex = self.executor(whitelist=wl)
        with self.assertLogs("pxlint_runtime", logging.WARNING) as logs:
            results = [ex.submit(mod.handler, 1).result(TIMEOUT)
                       for _ in range(3)]
        self.assertEqual(results, [201] * 3)
        self.assertEqual(len(logs.records), 1, logs.output)
        self.assertIn("stale-hash", logs.output[0])
        self.assertIn(name + ".handler", logs.output[0])
        self.assertIn("sha256", logs.output[0])
        self.assertSerialized(mod.handler, "stale-hash", wl)
        stats = ex.stats()[0]
        self.assertEqual((stats.lock_free_calls, stats.serialized_calls),
                         (0, 3))
        self.assertEqual(stats.verdict, "serialized (stale-hash)")

    def test_edit_after_import_is_stale_too(self):
        name, path, entry = self._module()
        mod = self.import_module(name)
        wl = load_whitelist(self.whitelist_file([entry], "stale.json"))
        self.assertLockFree(mod.handler, Whitelist(wl.entries, root=wl.root))
        self._edit(path)
        self.assertSerialized(mod.handler, "stale-hash", wl)

    def test_running_code_differs_from_fresh_source(self):
        # The whitelist matches the file on disk, but the module was imported
        # before the edit: the code that runs is not the code pxlint read.
        name, path, _ = self._module()
        mod = self.import_module(name)
        self._edit(path)
        entry = make_entry(name, path, "handler", root=self.tmp)
        wl = load_whitelist(self.whitelist_file([entry], "new.json"))
        self.assertSerialized(mod.handler, "code-mismatch", wl)

    def test_shorter_file_is_stale(self):
        name, path, entry = self._module()
        mod = self.import_module(name)
        entry = dict(entry, end_line=entry["end_line"] + 50)
        wl = load_whitelist(self.whitelist_file([entry], "long.json"))
        verdict = self.assertSerialized(mod.handler, "stale-hash", wl)
        self.assertIn("has no lines", verdict.detail)

    def test_line_mismatch(self):
        name, path, entry = self._module()
        mod = self.import_module(name)
        entry = dict(entry, line=entry["line"] + 1,
                     end_line=entry["end_line"] + 1)
        wl = load_whitelist(self.whitelist_file([entry], "moved.json"))
        self.assertSerialized(mod.handler, "line-mismatch", wl)

    def test_conflicting_duplicate_entries(self):
        name, path, entry = self._module()
        mod = self.import_module(name)
        wl = load_whitelist(self.whitelist_file(
            [entry, dict(entry, source_sha256="0" * 64)], "dup.json"))
        self.assertSerialized(mod.handler, "ambiguous-entry", wl)
        same = load_whitelist(self.whitelist_file([entry, entry], "dup2.json"))
        self.assertLockFree(mod.handler, same)

    def test_missing_source(self):
        name, path, entry = self._module()
        mod = self.import_module(name)
        wl = load_whitelist(self.whitelist_file([entry], "gone.json"))
        os.remove(path)
        shutil.rmtree(os.path.join(self.tmp, "__pycache__"), True)
        verdict = self.assertSerialized(mod.handler, "no-source", wl)
        self.assertIn(path, verdict.detail)

    def test_root_and_co_filename_fallback(self):
        name, path = self.write_module(self.SOURCE,
                                       name=self.unique_name("pxrt_pkg")
                                       + ".mod")
        with open(os.path.join(os.path.dirname(path), "__init__.py"), "w"):
            pass
        self._modules.append(name.split(".")[0])
        mod = self.import_module(name)
        entry = make_entry(name, path, "handler", root=self.tmp)
        self.assertFalse(os.path.isabs(entry["file"]))
        wl_path = write_whitelist(os.path.join(self.tmp, "build", "wl.json"),
                                  [entry])
        with_root = load_whitelist(wl_path, root=self.tmp)
        verdict = self.assertLockFree(mod.handler, with_root)
        self.assertEqual(verdict.source_path, path)
        # Default root is build/, where the file is not: co_filename is used.
        default_root = load_whitelist(wl_path)
        verdict = self.assertLockFree(mod.handler, default_root)
        self.assertEqual(verdict.source_path, os.path.abspath(
            mod.handler.__code__.co_filename))

    def test_crlf_and_bom_sources(self):
        name, path = self.write_module("\ufeff" + self.SOURCE.strip() + "\n",
                                       newline="\r\n")
        with open(path, "rb") as f:
            self.assertIn(b"\r\n", f.read())
        mod = self.import_module(name)
        entry = make_entry(name, path, "handler", root=self.tmp)
        wl = load_whitelist(self.whitelist_file([entry], "crlf.json"))
        self.assertLockFree(mod.handler, wl)


class UnwrapTest(ExecutorTestCase):
    def test_lambdas(self):
        ex = self.executor()
        square_verdict = self.assertLockFree(self.mod.square)
        self.assertEqual(square_verdict.label, "%s.<lambda>:%d" % (
            self.name, self.mod.square.__code__.co_firstlineno))
        self.assertEqual(ex.submit(self.mod.square, 7).result(TIMEOUT), 49)
        # Same qualname, another line, no entry.
        self.assertSerialized(self.mod.cube, "lambda-not-listed")
        self.assertEqual(ex.submit(self.mod.cube, 2).result(TIMEOUT), 8)
        # Two lambdas on one line: one entry cannot say which was proved.
        for fn in self.mod.pair:
            self.assertSerialized(fn, "ambiguous")
        # A lambda created here has no entry either.
        self.assertSerialized(lambda: 1, "lambda-not-listed")

    def test_partials(self):
        ex = self.executor()
        inner = functools.partial(self.mod.add, 1)
        outer = functools.partial(inner, 2, c=3)
        verdict = self.assertLockFree(outer)
        self.assertEqual(verdict.qualname, "add")
        self.assertEqual(ex.submit(outer).result(TIMEOUT), 6)
        bound = functools.partial(self.mod.Counter(4).read, 1)
        self.assertEqual(self.assertLockFree(bound).qualname, "Counter.read")
        self.assertEqual(ex.submit(bound).result(TIMEOUT), 5)
        unlisted = functools.partial(functools.partial(
            self.mod.Counter(1).unlisted))
        verdict = self.assertSerialized(unlisted, "not-listed")
        self.assertEqual(verdict.label, self.name + ".Counter.unlisted")
        self.assertEqual(ex.submit(unlisted).result(TIMEOUT), 1)

    def test_bound_methods(self):
        ex = self.executor()
        counter = self.mod.Counter(5)
        self.assertLockFree(counter.read)
        self.assertEqual(ex.submit(counter.read, 2).result(TIMEOUT), 7)
        self.assertLockFree(self.mod.Counter.make)     # bound classmethod
        made = ex.submit(self.mod.Counter.make, 9).result(TIMEOUT)
        self.assertEqual(made.start, 9)
        self.assertLockFree(self.mod.Counter.read)     # plain function
        self.assertSerialized(counter.unlisted, "not-listed")
        self.assertSerialized(counter, "not-function")  # __call__ object

    def test_nested_and_decorated(self):
        inner = self.mod.outer()
        self.assertEqual(inner.__qualname__, "outer.<locals>.inner")
        self.assertLockFree(inner)
        # A decorator returning the function: line is the decorator line.
        self.assertLockFree(self.mod.decorated)
        # functools.wraps copies the qualname, but the wrapper's code runs.
        verdict = self.wl.verdict(self.mod.wrapped)
        self.assertFalse(verdict.lock_free)
        self.assertIn(verdict.reason, ("line-mismatch", "code-mismatch"))

    def test_not_python_functions(self):
        for fn in (len, zlib.crc32, self.mod.Counter, [].append,
                   functools.partial(zlib.crc32, b"x")):
            with self.subTest(fn=fn):
                self.assertSerialized(fn, "not-function")
        ex = self.executor()
        self.assertEqual(ex.submit(zlib.crc32, b"abc").result(TIMEOUT),
                         zlib.crc32(b"abc"))
        self.assertEqual(ex.stats()[0].label, "zlib.crc32")

    def test_foreign_globals(self):
        clone = types.FunctionType(self.mod.add.__code__,
                                   {"__name__": self.name}, "add")
        self.assertEqual(clone.__module__, self.name)
        self.assertSerialized(clone, "foreign-globals")
        self.assertLockFree(self.mod.add)  # the cache is per code object

    def test_unimported_module_is_foreign(self):
        # The module is not in sys.modules: its names cannot be trusted.
        import sys
        saved = sys.modules.pop(self.name)
        try:
            self.assertSerialized(self.mod.add, "foreign-globals")
        finally:
            sys.modules[self.name] = saved


class StrictTest(ExecutorTestCase):
    def test_strict_raises_at_submit(self):
        ex = self.executor(strict=True)
        self.assertEqual(ex.submit(self.mod.add, 1, 2).result(TIMEOUT), 3)
        for fn, reason in ((self.mod.Counter(1).unlisted, "not-listed"),
                           (self.mod.cube, "lambda-not-listed"),
                           (len, "not-function")):
            with self.subTest(reason=reason):
                with self.assertRaises(NotWhitelistedError) as cm:
                    ex.submit(fn)
                self.assertEqual(cm.exception.verdict.reason, reason)
                self.assertIn(reason, str(cm.exception))
        with self.assertRaises(NotWhitelistedError):
            ex.map(self.mod.cube, [1, 2])
        self.assertEqual(sum(s.calls for s in ex.stats()), 1)


class ExecutorApiTest(ExecutorTestCase):
    def test_map_context_manager_exceptions(self):
        with ParallelExecutor(self.wl, max_workers=3) as ex:
            self.assertEqual(list(ex.map(self.mod.add, [1, 2, 3], [10] * 3)),
                             [11, 12, 13])
            self.assertEqual(list(ex.map(self.mod.cube, [1, 2])), [1, 8])
            future = ex.submit(self.mod.boom)
            self.assertIsInstance(future, Future)
            self.assertIsInstance(future.exception(TIMEOUT), ValueError)
            serialized_boom = ex.submit(functools.partial(int, "x"))
            self.assertIsInstance(serialized_boom.exception(TIMEOUT),
                                  ValueError)
        with self.assertRaises(RuntimeError):
            ex.submit(self.mod.add, 1, 2)

    def test_verdict_cached_per_code_object(self):
        wl = Whitelist(self.wl.entries, root=self.wl.root)
        ex = self.executor(whitelist=wl)
        with mock.patch.object(source_module, "source_sha256",
                               wraps=source_module.source_sha256) as spy:
            futures = [ex.submit(self.mod.add, i, 1) for i in range(5)]
            futures += [ex.submit(functools.partial(self.mod.add, 1), 2)]
            futures += [ex.submit(self.mod.Counter(i).read) for i in range(3)]
            for f in futures:
                f.result(TIMEOUT)
            self.assertIs(wl.verdict(self.mod.add), wl.verdict(self.mod.add))
        self.assertEqual(spy.call_count, 2)  # add, Counter.read

    def test_stats_and_table(self):
        ex = self.executor()
        for i in range(3):
            ex.submit(self.mod.add, i, i).result(TIMEOUT)
        ex.submit(self.mod.cube, 3).result(TIMEOUT)
        stats = {s.qualname: s for s in ex.stats()}
        self.assertEqual(stats["add"].lock_free_calls, 3)
        self.assertEqual(stats["add"].verdict, "lock-free")
        self.assertEqual(stats["<lambda>"].serialized_calls, 1)
        self.assertIn("lambda without", stats["<lambda>"].reasons[
            "lambda-not-listed"])
        table = ex.format_stats()
        self.assertRegex(table, r"(?m)^%s\.add\s+lock-free\s+3\s+0$"
                         % self.name)
        self.assertRegex(table, r"(?m)^%s\.<lambda>:\d+\s+serialized "
                         r"\(lambda-not-listed\)\s+0\s+1$" % self.name)

    def test_whitelist_argument_forms(self):
        ex = self.executor(whitelist=self.wl.path)
        self.assertEqual(len(ex.whitelist), len(self.entries))
        ex = ParallelExecutor(max_workers=1)
        self.addCleanup(ex.shutdown)
        self.assertEqual(len(ex.whitelist), 0)
        with self.assertRaises(TypeError):
            ParallelExecutor(42)
        with self.assertRaises(pxlint_runtime.WhitelistError):
            ParallelExecutor(os.path.join(self.tmp, "missing.json"))

    def test_gil_status(self):
        status = gil_status()
        self.assertIsInstance(status, str)
        self.assertRegex(status, r"^GIL (enabled|disabled)")
        if not pxlint_runtime.is_free_threaded_build():
            self.assertEqual(status, "GIL enabled (not a free-threaded build)")
            self.assertTrue(pxlint_runtime.gil_enabled())


if __name__ == "__main__":
    unittest.main()
