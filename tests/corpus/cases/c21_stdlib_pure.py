"""Pure standard-library calls, and stdlib helpers that mutate their arguments."""
import bisect
import datetime
import fractions
import heapq
import itertools
import json
import math
import operator
import re
import statistics
import string
import textwrap

VALUES = [4, 1, 3, 2]
HEAP = [1, 3, 5]
SORTED = [1, 4, 9]
TABLE = {"a": 1}
MATCHES = []
WORD_RE = re.compile(r"\w+")


# label: SAFE
def json_dumps():
    return json.dumps({"values": VALUES}, sort_keys=True)


# label: SAFE
def json_loads_mutated():
    data = json.loads('{"a": [1, 2]}')
    data["a"].append(3)
    data["b"] = None
    return data


# label: SAFE
def regex_work(text):
    m = re.match(r"(\w+)-(\d+)", text)
    return (m.group(1), WORD_RE.findall(text)) if m else None


# label: SAFE
def math_and_stats():
    return math.sqrt(16) + statistics.mean(VALUES) + math.fsum(VALUES)


# label: SAFE
def joins_and_chains():
    words = sorted(str(v) for v in VALUES)
    return ",".join(words), list(itertools.chain(VALUES, [0]))


# label: SAFE
def formatting():
    t = string.Template("$a-$b").substitute(a=1, b=2)
    return textwrap.shorten(t + " " * 3 + "tail", width=20)


# label: SAFE
def dates_and_fractions():
    d = datetime.date(2024, 1, 1) + datetime.timedelta(days=len(VALUES))
    return d.isoformat(), fractions.Fraction(1, 3) + fractions.Fraction(1, 6)


# label: SAFE
def heap_and_bisect_reads():
    return heapq.nsmallest(2, HEAP), bisect.bisect_left(SORTED, 4)


# label: SAFE
def heap_push_copy(x):
    h = list(HEAP)
    heapq.heappush(h, x)
    s = SORTED[:]
    bisect.insort(s, x)
    return h, s


# label: SAFE
def itemgetter_sort():
    rows = [{"k": v} for v in VALUES]
    rows.sort(key=operator.itemgetter("k"))
    return rows


# label: UNSAFE mutation
def heap_push_shared(x):
    heapq.heappush(HEAP, x)


# label: UNSAFE mutation
def insort_shared(x):
    bisect.insort(SORTED, x)


# label: UNSAFE mutation
def operator_setitem():
    operator.setitem(TABLE, "b", 2)


# label: UNSAFE mutation
def remember_match(text):
    m = re.search(r"\d+", text)
    if m:
        MATCHES.append(m.group(0))


def spawn(ex):
    for fn in (json_dumps, json_loads_mutated, math_and_stats,
               joins_and_chains, formatting, dates_and_fractions,
               heap_and_bisect_reads, itemgetter_sort, operator_setitem):
        ex.submit(fn).result()
    list(ex.map(regex_work, ["abc-12", "nothing"]))
    ex.submit(heap_push_copy, 2).result()
    ex.submit(heap_push_shared, 2).result()
    ex.submit(insort_shared, 5).result()
    ex.submit(remember_match, "id 42").result()
