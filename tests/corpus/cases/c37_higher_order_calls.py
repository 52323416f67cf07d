"""Calls a callback makes through functools.partial, and through the
library functions that call a function they are given (map,
itertools.starmap, sorted's key, itertools.accumulate, re.sub, iter(f,
sentinel), functools.cmp_to_key, a defaultdict's factory): the function gets
the partial's bound arguments, or the elements of what map() goes over, not
the containers themselves."""
import collections
import functools
import itertools
import operator
import re

LOG = []
TABLE = {}
BUCKETS = [[], []]


def _add(target, x):
    target.append(x)


def _put(table, key, value):
    table[key] = value


def _log(*args):
    LOG.append(args)
    return ""


def _quiet(*args):
    return ""


def _log_order(a, b):
    LOG.append(a)
    return 0


PATTERN = re.compile("a")


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


# label: UNSAFE mutation
def accumulate_logs(xs):
    return list(itertools.accumulate(xs, _log))


# label: UNSAFE mutation
def sub_logs(text):
    return re.sub("a", _log, text)


# label: UNSAFE mutation
def pattern_sub_logs(text):
    return PATTERN.sub(_log, text)


# label: UNSAFE mutation
def cmp_key_logs(xs):
    return sorted(xs, key=functools.cmp_to_key(_log_order))


# label: UNSAFE mutation
def factory_logs():
    return collections.defaultdict(_log)["k"]


# label: UNSAFE mutation
def iter_calls_log():
    return list(iter(lambda: _log(1) or None, None))


# label: SAFE
def accumulate_quiet(xs):
    return list(itertools.accumulate(xs, _quiet))


# label: SAFE
def sub_quiet(text):
    return re.sub("a", _quiet, text)


# label: SAFE
def factory_list():
    table = collections.defaultdict(list)
    table["k"].append(1)
    return table


def spawn(ex):
    for fn in (partial_of_helper, partial_by_keyword, partial_of_builtin, map_over_shared,
               starmap_over_shared, map_into_buckets, partial_of_local, map_over_fresh,
               starmap_into_fresh):
        ex.submit(fn, 1).result()
    ex.submit(sorted_key_appends, [3, 1]).result()
    ex.submit(sorted_key_reads, [3, 1]).result()
    for fn in (accumulate_logs, cmp_key_logs, accumulate_quiet):
        ex.submit(fn, [2, 1]).result()
    for fn in (sub_logs, pattern_sub_logs, sub_quiet):
        ex.submit(fn, "aa").result()
    for fn in (factory_logs, iter_calls_log, factory_list):
        ex.submit(fn).result()
