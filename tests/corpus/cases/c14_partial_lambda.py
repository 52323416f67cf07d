"""functools.partial and lambdas wrapping the real callback."""
import functools

LOG = []
TABLE = {"a": 1}
NOTES = []


# label: UNSAFE mutation
def log_message(prefix, msg):
    LOG.append(prefix + msg)


# label: UNSAFE mutation
def put(table, key, value):
    table[key] = value


# label: UNSAFE mutation
def add_to(target, x):
    target.append(x)


# label: UNSAFE mutation
def extend_with(items):
    items.extend([1, 2])


# label: UNSAFE mutation
def store(value, dest=None):
    dest.append(value)


# label: SAFE
def format_message(prefix, msg):
    return prefix + msg


# label: SAFE
def lookup(table, key):
    return table.get(key)


# label: SAFE
def compute(x, y):
    return x * y


# label: SAFE
def summarize(items):
    return {"n": len(items), "items": list(items)}


# label: SAFE
def scale(factor, x):
    return factor * x


def spawn(ex):
    ex.submit(functools.partial(format_message, "x:"), "hello").result()
    ex.submit(functools.partial(lookup, TABLE), "a").result()
    ex.submit(lambda: compute(2, 3)).result()
    ex.submit(lambda: summarize(LOG)).result()
    list(ex.map(functools.partial(scale, 3), [1, 2]))
    ex.submit(functools.partial(log_message, "x:"), "hello").result()
    ex.submit(functools.partial(put, TABLE), "b", 2).result()
    ex.submit(lambda: add_to(NOTES, 1)).result()
    local_items = [0]
    ex.submit(lambda: extend_with(local_items)).result()
    ex.submit(functools.partial(store, 5, dest=[])).result()
