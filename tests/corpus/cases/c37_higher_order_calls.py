"""Calls a callback makes through functools.partial, and through the
functions that call a function they are given (map, itertools.starmap,
sorted's key): the function gets the partial's bound arguments, or the
elements of what map() goes over, not the containers themselves."""
import functools
import itertools
import operator

LOG = []
TABLE = {}
BUCKETS = [[], []]


def _add(target, x):
    target.append(x)


def _put(table, key, value):
    table[key] = value


# label: UNSAFE mutation
def partial_of_helper(x):
    functools.partial(_add, LOG)(x)


# label: UNSAFE mutation
def partial_by_keyword(x):
    functools.partial(_add, target=LOG)(x=x)


# label: UNSAFE mutation
def partial_of_builtin(x):
    functools.partial(operator.setitem, TABLE)("k", x)


# label: UNSAFE mutation
def map_over_shared(x):
    list(map(_add, [LOG], [x]))


# label: UNSAFE mutation
def starmap_over_shared(x):
    list(itertools.starmap(_put, [(TABLE, "s", x)]))


# label: UNSAFE mutation
def map_into_buckets(x):
    list(map(lambda bucket: bucket.append(x), BUCKETS))


# label: UNSAFE mutation
def sorted_key_appends(xs):
    return sorted(xs, key=lambda v: LOG.append(v) or v)


# label: SAFE
def partial_of_local(x):
    mine = []
    functools.partial(_add, mine)(x)
    return mine


# label: SAFE
def map_over_fresh(x):
    fresh = [[], []]
    list(map(lambda bucket: bucket.append(x), fresh))
    return fresh


# label: SAFE
def starmap_into_fresh(x):
    mine = {}
    list(itertools.starmap(_put, [(mine, "s", x)]))
    return mine


# label: SAFE
def sorted_key_reads(xs):
    return sorted(xs, key=lambda v: TABLE.get(v, 0))


def spawn(ex):
    for fn in (partial_of_helper, partial_by_keyword, partial_of_builtin, map_over_shared,
               starmap_over_shared, map_into_buckets, partial_of_local, map_over_fresh,
               starmap_into_fresh):
        ex.submit(fn, 1).result()
    ex.submit(sorted_key_appends, [3, 1]).result()
    ex.submit(sorted_key_reads, [3, 1]).result()
