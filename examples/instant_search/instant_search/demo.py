"""Load driver: build the index, serve a burst of requests through the pxlint
runtime, and print which handlers ran lock-free.

    PYTHONPATH=runtime:examples/instant_search \\
        python3 -m instant_search.demo --whitelist build/example-whitelist.json

Exit status: 0 success, 1 a request failed or shared state came out
inconsistent, 2 bad arguments or an unreadable whitelist.
"""

import argparse
import logging
import os
import random
import sys
import tempfile
import time

from . import handlers
from .data import generate_articles
from .index import build_index

# Handler name -> function, in the order the table lists them.
HANDLERS = {
    "prefix_search": handlers.prefix_search,
    "count_matches": handlers.count_matches,
    "fetch_article": handlers.fetch_article,
    "suggest_words": handlers.suggest_words,
    "count_hit": handlers.count_hit,
    "cached_search": handlers.cached_search,
    "logged_search": handlers.logged_search,
    "article_checksum": handlers.article_checksum,
}

# Handlers whose query is a whole title; the others take a prefix.
TITLE_QUERIES = {"fetch_article", "article_checksum"}

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _import_runtime():
    """Import pxlint_runtime, falling back to the repo's runtime/ folder
    (three levels above this file) when it is not on PYTHONPATH."""
    try:
        import pxlint_runtime
    except ImportError:
        here = os.path.dirname(os.path.abspath(__file__))
        runtime_dir = os.path.normpath(os.path.join(here, "..", "..", "..",
                                                    "runtime"))
        sys.path.insert(0, runtime_dir)
        import pxlint_runtime
    return pxlint_runtime


def submit(executor, name, index, query):
    """Submit one request.  Each handler is passed literally at its own
    submit site, so pxlint sees every handler as a callback."""
    if name == "prefix_search":
        return executor.submit(handlers.prefix_search, index, query)
    if name == "count_matches":
        return executor.submit(handlers.count_matches, index, query)
    if name == "fetch_article":
        return executor.submit(handlers.fetch_article, index, query)
    if name == "suggest_words":
        return executor.submit(handlers.suggest_words, index, query)
    if name == "count_hit":
        return executor.submit(handlers.count_hit, index, query)
    if name == "cached_search":
        return executor.submit(handlers.cached_search, index, query)
    if name == "logged_search":
        return executor.submit(handlers.logged_search, index, query)
    if name == "article_checksum":
        return executor.submit(handlers.article_checksum, index, query)
    raise ValueError("unknown handler %r" % name)


def make_requests(index, count, seed):
    """A deterministic, shuffled mix of ``count`` (handler, query) requests
    covering every handler about equally, drawn from a small query pool so
    hits and cache entries repeat."""
    rng = random.Random(seed)
    picks = [rng.randrange(len(index)) for _ in range(64)]
    prefixes = [index.titles[i][:rng.randint(1, 6)] for i in picks]
    titles = [index.titles[i] for i in picks] + ["No Such Article 0"]
    names = list(HANDLERS)
    requests = []
    for n in range(count):
        name = names[n % len(names)]
        pool = titles if name in TITLE_QUERIES else prefixes
        requests.append((name, rng.choice(pool)))
    rng.shuffle(requests)
    return requests


def run_load(executor, index, requests):
    """Submit every request, wait for all; return (per-handler call counts,
    list of (name, query, exception))."""
    futures = [(name, query, submit(executor, name, index, query))
               for name, query in requests]
    calls = dict.fromkeys(HANDLERS, 0)
    failures = []
    for name, query, future in futures:
        calls[name] += 1
        exc = future.exception()
        if exc is not None:
            failures.append((name, query, exc))
    return calls, failures


def check_shared_state(calls):
    """Serialized handlers must not have lost updates to shared state."""
    problems = []
    hits = sum(handlers.HITS.values())
    if hits != calls["count_hit"]:
        problems.append("HITS counts %d hits for %d count_hit calls"
                        % (hits, calls["count_hit"]))
    if len(handlers.QUERY_LOG) != calls["logged_search"]:
        problems.append("QUERY_LOG has %d entries for %d logged_search calls"
                        % (len(handlers.QUERY_LOG), calls["logged_search"]))
    return problems


def format_table(executor, calls):
    """One row per handler: verdict, lock-free and serialized call counts,
    and the reason."""
    stats = {s.qualname: s for s in executor.stats()
             if s.module == handlers.__name__}
    rows = [("handler", "verdict", "calls", "lock-free", "serialized", "why")]
    for name, fn in HANDLERS.items():
        verdict = executor.verdict(fn)
        s = stats.get(fn.__qualname__)
        rows.append((name, "lock-free" if verdict.lock_free else "serialized",
                     str(calls[name]),
                     str(s.lock_free_calls if s else 0),
                     str(s.serialized_calls if s else 0),
                     verdict.detail if verdict.lock_free else
                     "%s: %s" % (verdict.reason, verdict.detail)))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = []
    for r in rows:
        lines.append("%-*s  %-*s  %*s  %*s  %*s  %s" % (
            widths[0], r[0], widths[1], r[1], widths[2], r[2],
            widths[3], r[3], widths[4], r[4], r[5]))
    return "\n".join(lines)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python3 -m instant_search.demo",
        description="Serve a burst of instant-search requests through the "
                    "pxlint runtime and report which handlers ran lock-free.")
    parser.add_argument("--whitelist", metavar="FILE",
                        help="pxlint whitelist (default: none, so every "
                             "handler runs serialized)")
    parser.add_argument("--root", metavar="DIR",
                        help="directory the whitelist's file paths are "
                             "relative to (default: the whitelist's "
                             "directory, then each function's own file)")
    parser.add_argument("--requests", type=int, default=4000, metavar="N",
                        help="number of requests (default 4000)")
    parser.add_argument("--workers", type=int, default=8, metavar="N",
                        help="worker threads (default 8)")
    parser.add_argument("--articles", type=int, default=50000, metavar="N",
                        help="synthetic articles to index (default 50000)")
    parser.add_argument("--seed", type=int, default=2016,
                        help="seed of the data and the request mix")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="where to write the article file (default: a "
                             "temporary directory, removed at exit)")
    args = parser.parse_args(argv)
    for name in ("requests", "workers", "articles"):
        if getattr(args, name) < 1:
            parser.error("--%s must be at least 1" % name)
    return args


def serve(args, runtime, whitelist, data_dir, out):
    t0 = time.perf_counter()
    data_path = generate_articles(data_dir, count=args.articles,
                                  seed=args.seed)
    index = build_index(data_path)
    requests = make_requests(index, args.requests, args.seed)
    handlers.reset_state()
    t1 = time.perf_counter()
    with runtime.ParallelExecutor(whitelist, max_workers=args.workers) as ex:
        calls, failures = run_load(ex, index, requests)
    t2 = time.perf_counter()
    problems = check_shared_state(calls)

    print("instant_search demo: %d articles indexed in %.2f s; %d requests, "
          "%d workers, %.2f s (%.0f req/s)"
          % (len(index), t1 - t0, len(requests), args.workers, t2 - t1,
             len(requests) / max(t2 - t1, 1e-9)), file=out)
    print("interpreter: %s" % runtime.gil_status(), file=out)
    print("whitelist: %s (%d entries)" % (whitelist.path or "none",
                                         len(whitelist)), file=out)
    print("", file=out)
    print(format_table(ex, calls), file=out)
    print("", file=out)
    for name, query, exc in failures[:5]:
        print("FAILED %s(%r): %s: %s" % (name, query, type(exc).__name__,
                                         exc), file=out)
    for problem in problems:
        print("INCONSISTENT %s" % problem, file=out)
    if failures or problems:
        print("result: %d failed requests, %d shared-state problems"
              % (len(failures), len(problems)), file=out)
        return EXIT_FAILED
    print("result: ok (%d requests, shared state consistent)"
          % len(requests), file=out)
    return EXIT_OK


def main(argv=None, out=None):
    out = out if out is not None else sys.stdout
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(message)s")
    runtime = _import_runtime()
    try:
        if args.whitelist:
            whitelist = runtime.load_whitelist(args.whitelist, root=args.root)
        else:
            whitelist = runtime.Whitelist(root=args.root)
    except runtime.WhitelistError as exc:
        print("instant_search.demo: %s" % exc, file=sys.stderr)
        return EXIT_USAGE
    if args.data_dir:
        os.makedirs(args.data_dir, exist_ok=True)
        return serve(args, runtime, whitelist, args.data_dir, out)
    with tempfile.TemporaryDirectory(prefix="instant-search-") as data_dir:
        return serve(args, runtime, whitelist, data_dir, out)


if __name__ == "__main__":
    sys.exit(main())
