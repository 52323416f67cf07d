"""Main-thread objects reached through local aliases."""

DATA = [1, 2]
OTHER = [9]
PAIRS = ([1], [2])
LIST_OF_LISTS = [[1], [2], [3]]
REG = {"k": [0]}
CHAIN = [3, 1, 2]
HEADS = [[10], [20]]
WALRUS = [5]


# label: UNSAFE mutation
def alias_append():
    x = DATA
    x.append(3)


# label: UNSAFE mutation
def tuple_unpack():
    first, second = PAIRS
    second.append(5)


# label: UNSAFE mutation
def loop_items():
    for item in LIST_OF_LISTS:
        item.append(0)


# label: UNSAFE mutation
def walrus_alias():
    if (w := WALRUS):
        w.append(6)


# label: UNSAFE mutation
def conditional_alias(flag):
    target = DATA if flag else OTHER
    target.append(1)


# label: UNSAFE mutation
def bound_method_alias():
    add = DATA.append
    add(7)


# label: UNSAFE mutation
def getattr_constant():
    getattr(DATA, "append")(8)


# label: UNSAFE mutation
def dict_value_alias():
    bucket = REG["k"]
    bucket.append(1)


# label: UNSAFE mutation
def alias_chain():
    a = CHAIN
    b = a
    c = b
    c.reverse()


# label: UNSAFE mutation
def starred_unpack():
    head, *rest = HEADS
    head.append(len(rest))


# label: SAFE
def alias_copy():
    x = list(DATA)
    x.append(3)
    return x


# label: SAFE
def tuple_unpack_copy():
    first, second = (list(p) for p in PAIRS)
    second.append(5)
    return first, second


# label: SAFE
def loop_fresh():
    out = []
    for item in LIST_OF_LISTS:
        out.append(item + [0])
    return out


# label: SAFE
def walrus_len():
    if (n := len(DATA)) > 1:
        return n
    return 0


# label: SAFE
def conditional_fresh(flag):
    target = list(DATA) if flag else []
    target.append(1)
    return target


# label: SAFE
def bound_method_fresh():
    out = []
    add = out.append
    for x in DATA:
        add(x * 2)
    return out


# label: SAFE
def rebound_alias():
    x = DATA
    x = x + [1]
    x.append(2)
    return x


# label: SAFE
def getattr_read():
    return getattr(DATA, "count")(1)


def spawn(ex):
    safe = [alias_copy, tuple_unpack_copy, loop_fresh, walrus_len,
            bound_method_fresh, rebound_alias, getattr_read]
    results = [ex.submit(fn) for fn in safe]
    results.append(ex.submit(conditional_fresh, True))
    for fut in results:
        fut.result()
    unsafe = [alias_append, tuple_unpack, loop_items, walrus_alias,
              bound_method_alias, getattr_constant, dict_value_alias,
              alias_chain, starred_unpack]
    for fn in unsafe:
        ex.submit(fn).result()
    ex.submit(conditional_alias, True).result()
