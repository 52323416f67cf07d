"""Default argument values are main-thread objects."""

SHARED = [0]


# label: UNSAFE mutation
def memo_square(n, cache={}):
    if n not in cache:
        cache[n] = n * n
    return cache[n]


# label: UNSAFE mutation
def remember(x, seen=[]):
    seen.append(x)
    return len(seen)


# label: UNSAFE mutation
def keyword_only_acc(x, *, acc=[]):
    acc.append(x)
    return acc[-1]


# label: UNSAFE mutation
def default_set(x, bag=set()):
    bag.add(x)


# label: UNSAFE mutation
def default_is_global(x, target=SHARED):
    target.append(x)


class Handler:
    # label: UNSAFE mutation
    def handle(self, x, log=[]):
        log.append(x)
        return len(log)

    # label: SAFE
    def handle_fresh(self, x, log=None):
        log = [] if log is None else list(log)
        log.append(x)
        return log


HANDLER = Handler()


# label: SAFE
def none_default(x, opts=None):
    if opts is None:
        opts = {}
    opts["x"] = x
    return opts


# label: SAFE
def tuple_default(x, base=(1, 2)):
    return list(base) + [x]


# label: SAFE
def copy_default(x, base=[1, 2]):
    items = list(base)
    items.append(x)
    return items


# label: SAFE
def read_default(key, table={"a": 1}):
    return table.get(key, 0)


# label: SAFE
def keyword_only_read(x, *, sep="-", parts=("a", "b")):
    return sep.join(parts) + str(x)


def spawn(ex):
    list(ex.map(memo_square, [2, 3]))
    ex.submit(remember, 1).result()
    ex.submit(keyword_only_acc, 1).result()
    ex.submit(default_set, "x").result()
    ex.submit(default_is_global, 5).result()
    ex.submit(HANDLER.handle, 1).result()
    ex.submit(HANDLER.handle_fresh, 1).result()
    ex.submit(none_default, 1).result()
    ex.submit(tuple_default, 3).result()
    ex.submit(copy_default, 3).result()
    list(ex.map(read_default, ["a", "b"]))
    ex.submit(keyword_only_read, 1).result()
