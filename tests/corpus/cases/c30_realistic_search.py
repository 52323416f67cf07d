"""A small search service: a read-only index shared by many request handlers."""
import json
import zlib

INDEX = {"apple": [1, 3], "banana": [2], "cherry": [1, 2, 3]}
DOCS = {1: "apple cherry", 2: "banana cherry", 3: "apple cherry pie"}
STATS = {"queries": 0}
CACHE = {}


def _lookup(term):
    return INDEX.get(term, [])


# label: SAFE
def search(term):
    return sorted(_lookup(term))


# label: SAFE
def search_many(terms):
    return {t: search(t) for t in terms}


# label: SAFE
def prefix_search(prefix):
    return sorted(k for k in INDEX if k.startswith(prefix))


# label: SAFE
def render(term):
    hits = search(term)
    body = {"term": term, "hits": hits, "snippets": [DOCS[h][:10] for h in hits]}
    body["count"] = len(hits)
    return json.dumps(body)


# label: SAFE
def intersect(a, b):
    common = set(_lookup(a))
    common &= set(_lookup(b))
    return sorted(common)


# label: UNSAFE mutation
def counted_search(term):
    STATS["queries"] += 1
    return search(term)


# label: UNSAFE mutation
def cached_search(term):
    if term not in CACHE:
        CACHE[term] = search(term)
    return CACHE[term]


# label: UNSAFE mutation
def add_document(doc_id, text):
    DOCS[doc_id] = text
    for word in text.split():
        INDEX.setdefault(word, []).append(doc_id)


# label: UNSAFE mutation
def handler(term):
    handler.calls += 1
    return search(term)


handler.calls = 0


# label: UNSAFE call
def checksum_result(term):
    return zlib.crc32(render(term).encode())


def spawn(ex):
    list(ex.map(search, ["apple", "kiwi"]))
    ex.submit(search_many, ["apple", "banana"]).result()
    ex.submit(prefix_search, "b").result()
    ex.submit(render, "cherry").result()
    ex.submit(intersect, "apple", "cherry").result()
    ex.submit(counted_search, "apple").result()
    ex.submit(cached_search, "banana").result()
    ex.submit(add_document, 4, "kiwi apple").result()
    ex.submit(handler, "apple").result()
    ex.submit(checksum_result, "apple").result()
