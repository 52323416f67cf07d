"""Effects that happen in helpers the callback calls."""

REGISTRY = []
TOTALS = {"n": 0}
AUDIT = []


def _record(x):
    REGISTRY.append(x)


def _bump(counter):
    counter["n"] += 1


def _level2(x):
    _record(x)


def _identity(x):
    return x


def _pick(flag):
    return AUDIT if flag else []


def _fresh(n):
    return [i for i in range(n)]


def _fresh_dict():
    return {"items": []}


def _mutate(values):
    values.append(0)
    return values


def _inc(x):
    return x + 1


def _double(x):
    return x * 2


def _registry_size():
    return len(REGISTRY)


# label: UNSAFE mutation
def calls_recorder(x):
    _record(x)


# label: UNSAFE mutation
def passes_global():
    _bump(TOTALS)


# label: UNSAFE mutation
def two_levels(x):
    _level2(x)


# label: UNSAFE mutation
def identity_alias():
    _identity(REGISTRY).append(1)


# label: UNSAFE mutation
def helper_mutates_global_arg():
    _mutate(AUDIT)


# label: UNSAFE mutation
def maybe_shared():
    _pick(True).append("picked")


# label: SAFE
def fresh_from_helper():
    xs = _fresh(3)
    xs.append(9)
    return xs


# label: SAFE
def fresh_dict_from_helper():
    d = _fresh_dict()
    d["items"].append(1)
    return d


# label: SAFE
def helper_mutates_fresh():
    return _mutate([1, 2])


# label: SAFE
def identity_fresh():
    out = _identity([])
    out.append(1)
    return out


# label: SAFE
def pure_chain(x):
    return _double(_inc(x))


# label: SAFE
def helper_reads_global():
    return _registry_size()


def spawn(ex):
    for fn in (fresh_from_helper, fresh_dict_from_helper, helper_mutates_fresh,
               identity_fresh, helper_reads_global):
        ex.submit(fn).result()
    ex.submit(pure_chain, 2).result()
    ex.submit(calls_recorder, 1).result()
    ex.submit(passes_global).result()
    ex.submit(two_levels, 2).result()
    ex.submit(identity_alias).result()
    ex.submit(helper_mutates_global_arg).result()
    ex.submit(maybe_shared).result()
