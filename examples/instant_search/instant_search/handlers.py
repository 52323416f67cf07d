"""Request handlers of the instant-search server.

Every handler has the signature ``handler(index, query)`` and is submitted to
the executor by the load driver as ``executor.submit(handler, index, query)``.
``index`` is the main thread's read-only :class:`~instant_search.index.Index`.

Parallel-safe (expected on pxlint's whitelist): prefix_search,
count_matches, fetch_article, suggest_words.  They read the index, do file
I/O with their own file handle, and build fresh results.

Not parallel-safe (expected verdicts):
  count_hit         PX101 writes the module-level dict HITS
  cached_search     PX101 fills the module-level dict CACHE on a miss
  logged_search     PX101 appends to the module-level list QUERY_LOG
  article_checksum  PX201 calls zlib.crc32 (zlib is a C extension module)
"""

import bisect
import zlib

MAX_RESULTS = 10
SUGGEST_SCAN = 200

# Shared, main-thread-owned state that some handlers mutate.
HITS = {}
CACHE = {}
QUERY_LOG = []


def reset_state():
    """Clear the shared state (main thread, before a run; not a handler)."""
    HITS.clear()
    CACHE.clear()
    QUERY_LOG.clear()


def _bounds(keys, prefix):
    """Index range [lo, hi) of the sorted ``keys`` that start with
    ``prefix``."""
    lo = bisect.bisect_left(keys, prefix)
    hi = bisect.bisect_left(keys, prefix + "\U0010ffff", lo)
    return lo, hi


def _read_record(path, offset):
    """The raw record at ``offset``, read with a fresh file handle."""
    with open(path, "rb") as f:
        f.seek(offset)
        return f.readline()


# -- parallel-safe handlers ---------------------------------------------------

def prefix_search(index, query):
    """Up to MAX_RESULTS titles starting with ``query`` (case-insensitive)."""
    lo, hi = _bounds(index.keys, query.casefold())
    hi = min(hi, lo + MAX_RESULTS)
    return [{"title": index.titles[i], "offset": index.offsets[i]}
            for i in range(lo, hi)]


def count_matches(index, query):
    """How many titles start with ``query``."""
    lo, hi = _bounds(index.keys, query.casefold())
    return {"query": query, "count": hi - lo}


def fetch_article(index, query):
    """The article whose title is exactly ``query`` (case-insensitive), or
    None."""
    key = query.casefold()
    i = bisect.bisect_left(index.keys, key)
    if i == len(index.keys) or index.keys[i] != key:
        return None
    record = _read_record(index.data_path, index.offsets[i])
    title, _, body = record.rstrip(b"\n").partition(b"\t")
    return {"title": title.decode("utf-8"), "body": body.decode("utf-8"),
            "bytes": len(record)}


def suggest_words(index, query):
    """The five most frequent words in the first titles matching ``query``.
    Mutates only the dict it creates."""
    lo, hi = _bounds(index.keys, query.casefold())
    counts = {}
    for i in range(lo, min(hi, lo + SUGGEST_SCAN)):
        for word in index.keys[i].split():
            counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:5]]


# -- handlers that are NOT parallel-safe --------------------------------------

def count_hit(index, query):
    """Count the query in HITS, then count matches.  The read-modify-write
    on a shared dict loses updates when two threads interleave (PX101)."""
    HITS[query] = HITS.get(query, 0) + 1
    return count_matches(index, query)


def cached_search(index, query):
    """prefix_search with a lazily filled module-level cache (PX101)."""
    result = CACHE.get(query)
    if result is None:
        result = prefix_search(index, query)
        CACHE[query] = result
    return result


def logged_search(index, query):
    """prefix_search that appends every query to a shared log (PX101)."""
    QUERY_LOG.append(query)
    return prefix_search(index, query)


def article_checksum(index, query):
    """CRC-32 of an article body: calls into the zlib C extension (PX201)."""
    article = fetch_article(index, query)
    if article is None:
        return None
    return {"title": article["title"],
            "crc32": zlib.crc32(article["body"].encode("utf-8"))}
