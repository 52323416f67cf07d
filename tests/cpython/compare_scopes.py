#!/usr/bin/env python3
"""Compares pxlint's scope graph with CPython's own, over the standard library.

For every parseable .py file of the running Python's standard library (its
site-packages left out), CPython compiles the file without running it and the
script walks the code objects (co_qualname, co_firstlineno, parameters,
co_cellvars, co_freevars) and the symtable module's tables (each symbol's
scope and DEF_* flags). `pxlint debug scopes --scopes-only` dumps the same
files, many per run; the two are compared:

  * every code object (function, class, lambda, comprehension) must match a
    pxlint scope with the same qualified name and first line;
  * every symtable table must match a pxlint scope (by parent, name and line);
  * each symbol's classification (scope and flags) must be equal; cell and
    free variables and parameters are checked against the code objects.

Files CPython cannot compile, and files where pxlint reports a syntax error,
are skipped and counted. Remaining differences are listed, grouped by cause.
Targets: 100% of code objects and tables matched, >= 99.9% of symbol
classifications equal. Exit status 1 when a target is missed.

  python3 tests/cpython/compare_scopes.py --pxlint build/pxlint [--subset]
"""
import argparse
import collections
import concurrent.futures
import json
import os
import subprocess
import symtable
import sys
import sysconfig
import tokenize
import unicodedata
import warnings

SCOPE_NAMES = {1: "local", 2: "global_explicit", 3: "global_implicit", 4: "free", 5: "cell"}
SCOPE_NUMBERS = {v: k for k, v in SCOPE_NAMES.items()}
# symtable's DEF_* bits (Include/internal/pycore_symtable.h in 3.11).
FLAG_BITS = {
    "global": 1, "assigned": 2, "param": 4, "nonlocal": 8, "referenced": 16,
    "free_class": 64, "imported": 128, "annotated": 256, "comp_iter": 512,
}
FLAG_MASK = sum(FLAG_BITS.values())
SCOPE_OFF = 11
CO_VARARGS, CO_VARKEYWORDS = 0x04, 0x08

# Files the subset always includes: they exercise the scoping rules hardest.
SUBSET_ALWAYS = [
    "test/test_scope.py", "test/test_super.py", "test/test_named_expressions.py",
    "test/test_patma.py", "test/test_positional_only_arg.py",
    "test/test_keywordonlyarg.py", "test/test_listcomps.py", "test/test_genexps.py",
    "test/test_setcomps.py", "test/test_decorators.py", "test/test_class.py",
    "test/test_funcattrs.py", "test/test_grammar.py", "test/test_unicode_identifiers.py",
    "test/test_syntax.py", "typing.py", "dataclasses.py", "enum.py", "functools.py",
    "inspect.py", "collections/__init__.py", "asyncio/tasks.py", "ast.py",
    "importlib/_bootstrap.py", "test/test_compile.py", "test/test_symtable.py",
    "test/test_exceptions.py", "test/test_except_star.py",
]
SUBSET_STRIDE = 25


def stdlib_files():
    root = sysconfig.get_paths()["stdlib"]
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames
                             if d not in ("site-packages", "dist-packages", "__pycache__"))
        for f in filenames:
            if f.endswith(".py"):
                out.append(os.path.join(dirpath, f))
    return root, sorted(out)


def subset(root, files):
    chosen = set(files[::SUBSET_STRIDE])
    for rel in SUBSET_ALWAYS:
        p = os.path.join(root, rel)
        if p in files:
            chosen.add(p)
    return sorted(chosen)


# ---- CPython's side ---------------------------------------------------------

def _table(t):
    syms = {}
    for s in t.get_symbols():
        syms[s.get_name()] = (s._Symbol__scope, s._Symbol__flags & FLAG_MASK)
    children = [_table(c) for c in t.get_children() if c.get_type() != "annotation"]
    return (t.get_type(), t.get_name(), t.get_lineno(), syms, children)


def _codes(co, out):
    for c in co.co_consts:
        if hasattr(c, "co_code"):
            nargs = (c.co_argcount + c.co_kwonlyargcount + bool(c.co_flags & CO_VARARGS)
                     + bool(c.co_flags & CO_VARKEYWORDS))
            out.append((c.co_qualname, c.co_firstlineno, tuple(c.co_varnames[:nargs]),
                        c.co_posonlyargcount, c.co_kwonlyargcount,
                        tuple(sorted(c.co_cellvars)), tuple(sorted(c.co_freevars))))
            _codes(c, out)
    return out


def cpython_facts(path):
    """(codes, table) for a file, or (None, reason) if CPython rejects it."""
    try:
        with open(path, "rb") as fh:
            src = fh.read()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            code = compile(src, path, "exec", dont_inherit=True)
            with open(path, "rb") as fh:
                enc, _ = tokenize.detect_encoding(fh.readline)
            table = symtable.symtable(src.decode(enc), path, "exec")
    except (SyntaxError, ValueError, UnicodeDecodeError, OverflowError,
            RecursionError, MemoryError) as e:
        return None, f"{type(e).__name__}: {e}"
    return _codes(code, []), _table(table)


# ---- pxlint's side ----------------------------------------------------------

def pxlint_facts(pxlint, paths, full=False):
    r = subprocess.run([pxlint, "debug", "scopes", *([] if full else ["--scopes-only"]),
                        "--", *paths], capture_output=True, timeout=600)
    if r.returncode not in (0, 2):
        raise RuntimeError(f"pxlint exited {r.returncode}: {r.stderr.decode()[:2000]}")
    return {o["file"]: o for o in json.loads(r.stdout)}


# ---- comparison ---------------------------------------------------------------

def st_key(scope):
    kind, name = scope["kind"], scope["name"]
    if kind == "module":
        return ("module", "top")
    if kind == "lambda":
        return ("function", "lambda")
    if kind == "comprehension":
        return ("function", name.strip("<>"))
    return (kind if kind == "class" else "function", name)


def our_symbols(scope):
    out = {}
    for s in scope["symbols"]:
        flags = 0
        for f in s["flags"]:
            flags |= FLAG_BITS[f]
        out[s["name"]] = (SCOPE_NUMBERS[s["scope"]], flags)
    return out


def describe(scope_num, flags):
    names = [n for n, b in FLAG_BITS.items() if flags & b]
    return f"{SCOPE_NAMES.get(scope_num, scope_num)}[{','.join(names)}]"


class FileResult:
    def __init__(self, path):
        self.path = path
        self.codes = self.codes_matched = 0
        self.tables = self.tables_matched = 0
        self.symbols = self.symbols_equal = 0
        self.code_checks = self.code_checks_equal = 0
        self.fact_checks = self.fact_checks_ok = 0
        self.diffs = []  # (category, detail, line)

    def diff(self, category, detail, line=0):
        self.diffs.append((category, detail, line))


def compare_tables(res, table, scope, scopes, children_of, classcells_ok):
    """Matches symtable `table` with our `scope`, then their children."""
    res.tables += 1
    res.tables_matched += 1
    st_syms = table[3]
    ours = our_symbols(scope)
    for name in sorted(set(st_syms) | set(ours)):
        if name == "__class__" and scope["kind"] == "class" and name not in st_syms:
            # symtable drops the class's __class__ cell (drop_class_free);
            # co_cellvars of the class shows it, checked with the code objects.
            if ours[name][0] == 5 and classcells_ok(scope):
                continue
        res.symbols += 1
        a, b = st_syms.get(name), ours.get(name)
        if a == b:
            res.symbols_equal += 1
        elif a is None:
            res.diff("extra symbol", f"{scope['qualname']}: {name} {describe(*b)}",
                     scope["def_line"])
        elif b is None:
            res.diff("missing symbol", f"{scope['qualname']}: {name} {describe(*a)}",
                     scope["def_line"])
        elif a[0] != b[0]:
            res.diff(f"scope {SCOPE_NAMES[a[0]]} -> {SCOPE_NAMES[b[0]]}",
                     f"{scope['qualname']}: {name} symtable {describe(*a)} pxlint {describe(*b)}",
                     scope["def_line"])
        else:
            extra = [n for n, bit in FLAG_BITS.items() if b[1] & bit and not a[1] & bit]
            missing = [n for n, bit in FLAG_BITS.items() if a[1] & bit and not b[1] & bit]
            res.diff("flags " + " ".join([f"+{x}" for x in extra] + [f"-{x}" for x in missing]),
                     f"{scope['qualname']}: {name} symtable {describe(*a)} pxlint {describe(*b)}",
                     scope["def_line"])
    # Children: symtable's order is its visiting order; match by name and
    # line, in order, within the parent.
    ours_by_key = collections.defaultdict(collections.deque)
    for c in children_of[scope["id"]]:
        c = scopes[c]
        line = c["def_line"]
        ours_by_key[(st_key(c), line)].append(c)
    for child in table[4]:
        key = ((child[0], child[1]), child[2])
        if ours_by_key[key]:
            names = set(child[3])
            mine = take(ours_by_key[key],
                        lambda c: {y["name"] for y in c["symbols"]} <= names | {"__class__"})
            compare_tables(res, child, mine, scopes, children_of, classcells_ok)
        else:
            res.tables += 1
            count = count_tables(child)
            res.tables += count - 1
            res.diff("symtable scope not found", f"{scope['qualname']} > {child[0]} "
                     f"{child[1]} line {child[2]} ({count} tables)", child[2])
    for key, left in ours_by_key.items():
        for c in left:
            res.diff("scope not in symtable", f"{c['qualname']} line {c['def_line']}",
                     c["def_line"])


def take(candidates, fits):
    """Removes and returns the first candidate that fits, else the first:
    several lambdas or comprehensions can share a line, and CPython visits a
    default or first iterable before the scope that holds it."""
    for i, c in enumerate(candidates):
        if fits(c):
            del candidates[i]
            return c
    return candidates.popleft()


def count_tables(t):
    return 1 + sum(count_tables(c) for c in t[4])


def expected_params(scope):
    params = scope["params"]
    star, starstar = scope["star_index"], scope["starstar_index"]
    plain = [p for i, p in enumerate(params) if i not in (star, starstar)]
    npos = len(plain) - scope["nkwonly"]
    out = plain[:npos] + plain[npos:]
    if star >= 0:
        out.append(params[star])
    if starstar >= 0:
        out.append(params[starstar])
    return tuple(out)


def compare_file(path, facts, dump):
    res = FileResult(path)
    codes, table = facts
    scopes = dump["scopes"]
    children_of = collections.defaultdict(list)
    for s in scopes:
        if s["parent"] is not None:
            children_of[s["parent"]].append(s["id"])
    # Code objects by (qualname, first line), in order.
    ours = collections.defaultdict(collections.deque)
    for s in scopes[1:]:
        if s["kind"] != "type_params":
            ours[(s["qualname"], s["first_line"])].append(s)
    class_cells = {}
    for qualname, line, params, nposonly, nkwonly, cells, frees in codes:
        res.codes += 1
        key = (qualname, line)
        if not ours[key]:
            res.diff("code object not found", f"{qualname} line {line}", line)
            continue
        res.codes_matched += 1
        s = take(ours[key], lambda c: expected_params(c) == params)
        syms = {y["name"]: y for y in s["symbols"]}
        our_cells = {n for n, y in syms.items() if y["scope"] == "cell"}
        if s.get("class_cell"):
            our_cells.add("__class__")
        our_cells = tuple(sorted(our_cells))
        our_frees = tuple(sorted(n for n, y in syms.items()
                                 if y["scope"] == "free" or "free_class" in y["flags"]))
        if s["kind"] == "class":
            class_cells[s["id"]] = cells
        checks = [("co_cellvars", cells, our_cells), ("co_freevars", frees, our_frees)]
        if s["kind"] != "class":
            checks += [("parameters", params, expected_params(s)),
                       ("co_posonlyargcount", nposonly, s["nposonly"]),
                       ("co_kwonlyargcount", nkwonly, s["nkwonly"])]
        for what, theirs, mine in checks:
            res.code_checks += 1
            if theirs == mine:
                res.code_checks_equal += 1
            else:
                res.diff(f"{what} differ", f"{qualname}: CPython {theirs} pxlint {mine}", line)

    def classcells_ok(scope):
        if scope["id"] in class_cells:
            return "__class__" in class_cells[scope["id"]]
        return True  # no code object (dead code): nothing to check against

    compare_tables(res, table, scopes[0], scopes, children_of, classcells_ok)
    if "references" in dump:
        check_facts(res, dump)
    return res


def check_facts(res, dump):
    """Bindings and references against the symbols (themselves checked
    against symtable): each reference is a use of its scope's symbol and
    resolves as the symbol does; each binding lands where its name lives;
    each use and each local binding has its record."""
    scopes = dump["scopes"]
    syms = [{y["name"]: y for y in s["symbols"]} for s in scopes]
    used, bound = set(), set()
    for r in dump["references"]:
        res.fact_checks += 1
        y = syms[r["scope"]].get(r["name"])
        want = None
        if y is not None:
            if y["scope"] in ("local", "cell"):
                want = r["scope"]
            elif y["scope"] == "free":
                want = y["defining_scope_id"]
            else:
                want = r["target_scope"] if r["target_scope"] in (0, None) else -1
        if y is None or "referenced" not in y["flags"] or y["scope"] != r["resolution"] \
                or want != r["target_scope"]:
            res.diff("reference inconsistent with its symbol",
                     f"{scopes[r['scope']]['qualname']}: {r['name']} at {r['at']}",
                     r["at"][0])
        else:
            res.fact_checks_ok += 1
        used.add((r["scope"], r["name"]))
    for b in dump["bindings"]:
        if b["kind"] == "import_star":
            continue
        res.fact_checks += 1
        y = syms[b["scope"]].get(b["name"]) if b["scope"] is not None else None
        if y is None or (y["scope"] not in ("local", "cell") and b["scope"] != 0):
            res.diff("binding not where its name lives",
                     f"{b['kind']} {b['name']} at {b['at']}", b["at"][0])
        else:
            res.fact_checks_ok += 1
        bound.add((b["scope"], b["name"]))
    for s in scopes:
        for name, y in syms[s["id"]].items():
            if "referenced" in y["flags"] and (s["id"], name) not in used and \
                    not (name == "__class__" and (s["id"], "super") in used):
                res.fact_checks += 1
                res.diff("use without a reference", f"{s['qualname']}: {name}", s["def_line"])
            if y["scope"] in ("local", "cell") and name != ".0" and \
                    set(y["flags"]) & {"param", "imported", "assigned"} and \
                    (s["id"], name) not in bound and \
                    not (set(y["flags"]) & {"annotated"} and "param" not in y["flags"]):
                res.fact_checks += 1
                res.diff("local without a binding", f"{s['qualname']}: {name}", s["def_line"])


# ---- causes of known differences -----------------------------------------------

NFKC = ("CPython normalizes non-ASCII identifiers to NFKC (PEP 3131); pxlint "
        "keeps the bytes as written")


def symbol_of(detail):
    """(scope qualname, symbol name) of a symbol difference's detail."""
    if ": " not in detail:
        return None, None
    scope, rest = detail.split(": ", 1)
    return scope, rest.split(" ")[0]


def cause_of(category, detail, line, source_lines, file_diffs):
    """A short explanation for a difference, or None if it is not understood."""
    scope, name = symbol_of(detail)
    if category in ("extra symbol", "missing symbol") and name:
        if not name.isascii():
            return NFKC
        # The normalized spelling of an identifier written otherwise.
        for cat, det, _ in file_diffs:
            s2, n2 = symbol_of(det)
            if cat == "extra symbol" and s2 == scope and not n2.isascii() and \
                    unicodedata.normalize("NFKC", n2) == name:
                return NFKC
    return None


# ---- driver ---------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pxlint", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                     "build", "pxlint"))
    ap.add_argument("--subset", action="store_true",
                    help="a fixed, deterministic subset (for `make test`)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--batch", type=int, default=40, help="files per pxlint run")
    ap.add_argument("--max-list", type=int, default=20,
                    help="differences listed per cause (0: all)")
    ap.add_argument("--facts", action="store_true",
                    help="also check bindings and references against the symbols "
                         "(always on with --subset)")
    ap.add_argument("--force", action="store_true",
                    help="compare even if this Python is not 3.11")
    ap.add_argument("files", nargs="*", help="compare these files instead")
    args = ap.parse_args()
    if sys.version_info[:2] != (3, 11) and not args.force:
        # 3.12 inlines comprehensions (PEP 709) and changes symtable; pxlint
        # follows 3.11, the Python this project is checked against.
        print(f"compare_scopes: pxlint models CPython 3.11 scoping, this is "
              f"{sys.version.split()[0]}: skipped (--force to run anyway)")
        return 0

    if args.files:
        files = [os.path.abspath(f) for f in args.files]
        root = os.path.commonpath([os.path.dirname(f) for f in files])
    else:
        root, files = stdlib_files()
        if args.subset:
            files = subset(root, files)
            args.facts = True
    if not files:
        print("no files to compare", file=sys.stderr)
        return 2

    with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
        cp_future = {f: pool.submit(cpython_facts, f) for f in files}
        batches = [files[i:i + args.batch] for i in range(0, len(files), args.batch)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as threads:
            dumps = {}
            for d in threads.map(lambda b: pxlint_facts(args.pxlint, b, args.facts),
                                 batches):
                dumps.update(d)
        facts = {f: fut.result() for f, fut in cp_future.items()}

    skipped_cpython, skipped_pxlint, grammar_gaps = [], [], []
    results = []
    for f in files:
        fa = facts[f]
        dump = dumps.get(f)
        if fa[0] is None:
            skipped_cpython.append((f, fa[1]))
            continue
        if dump is None:
            skipped_pxlint.append((f, "pxlint could not read it"))
            continue
        if dump["syntax_error"]:
            e = dump["syntax_error"]
            skipped_pxlint.append((f, f"line {e['line']}: {e['message']}"))
            continue
        results.append(compare_file(f, fa, dump))

    def rel(p):
        return os.path.relpath(p, root)

    tot = collections.Counter()
    for r in results:
        tot["codes"] += r.codes
        tot["codes_matched"] += r.codes_matched
        tot["tables"] += r.tables
        tot["tables_matched"] += r.tables_matched
        tot["symbols"] += r.symbols
        tot["symbols_equal"] += r.symbols_equal
        tot["checks"] += r.code_checks
        tot["checks_equal"] += r.code_checks_equal
        tot["facts"] += r.fact_checks
        tot["facts_ok"] += r.fact_checks_ok

    def pct(a, b):
        return 100.0 * a / b if b else 100.0

    # Group differences by cause.
    by_cause = collections.defaultdict(list)
    unexplained = 0
    for r in results:
        if not r.diffs:
            continue
        try:
            with open(r.path, "rb") as fh:
                lines = fh.read().decode("utf-8", "replace").splitlines()
        except OSError:
            lines = []
        for category, detail, line in r.diffs:
            cause = cause_of(category, detail, line, lines, r.diffs)
            if cause is None:
                unexplained += 1
                cause = f"UNEXPLAINED: {category}"
            by_cause[cause].append(f"{rel(r.path)}:{line}: {category}: {detail}")

    print(f"pxlint: {args.pxlint}")
    print(f"CPython {sys.version.split()[0]} standard library: {root}")
    print(f"files: {len(files)} given, {len(results)} compared, {len(skipped_cpython)} "
          f"skipped (CPython cannot compile them), {len(skipped_pxlint)} skipped "
          f"(pxlint reports a syntax error)")
    for f, why in skipped_pxlint:
        print(f"  pxlint syntax error, CPython compiles it: {rel(f)}: {why}")
    print(f"code objects (functions, classes, lambdas, comprehensions) matched by "
          f"qualified name and first line: {tot['codes_matched']}/{tot['codes']} "
          f"({pct(tot['codes_matched'], tot['codes']):.3f}%)")
    print(f"symtable scopes matched: {tot['tables_matched']}/{tot['tables']} "
          f"({pct(tot['tables_matched'], tot['tables']):.3f}%)")
    print(f"symbol classifications equal: {tot['symbols_equal']}/{tot['symbols']} "
          f"({pct(tot['symbols_equal'], tot['symbols']):.4f}%)")
    print(f"code object checks equal (cells, frees, parameters): "
          f"{tot['checks_equal']}/{tot['checks']} "
          f"({pct(tot['checks_equal'], tot['checks']):.4f}%)")
    if args.facts:
        print(f"bindings and references consistent with the symbols: "
              f"{tot['facts_ok']}/{tot['facts']}")
    if by_cause:
        print("differences by cause:")
        for cause, items in sorted(by_cause.items(), key=lambda kv: -len(kv[1])):
            print(f"  {cause} ({len(items)}):")
            shown = items if args.max_list == 0 else items[:args.max_list]
            for it in shown:
                print(f"    {it}")
            if len(shown) < len(items):
                print(f"    ... {len(items) - len(shown)} more")
    passed = sum(1 for r in results if not r.diffs)
    failed = len(results) - passed
    ok = (tot["codes_matched"] == tot["codes"] and tot["tables_matched"] == tot["tables"]
          and pct(tot["symbols_equal"], tot["symbols"]) >= 99.9 and unexplained == 0)
    if not ok:
        print("TARGET MISSED: every code object and symtable scope must match, "
              ">= 99.9% of symbol classifications must be equal, and every "
              "difference must have a known cause")
    print(f"{passed} passed, {failed} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
