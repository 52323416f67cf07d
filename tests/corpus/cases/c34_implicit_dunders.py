"""Special methods the syntax calls for you (x[k], `in`, iteration, len(),
the end of a with block) on main-thread objects."""
import collections

BY_KEY = collections.defaultdict(list)
TABLE = {"a": [1, 2], "b": [3]}
EVENTS = []


class Tracked:
    def __init__(self):
        self.log = []

    def __getitem__(self, key):
        self.log.append(key)
        return key

    def __contains__(self, value):
        self.log.append(value)
        return False

    def __iter__(self):
        self.log.append("iter")
        return iter(self.log[:1])

    def __len__(self):
        self.log.append("len")
        return len(self.log)


class Shelf:
    def __init__(self):
        self.items = [1, 2, 3]

    def __getitem__(self, i):
        return self.items[i]

    def __contains__(self, value):
        return value in self.items

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


class Timer:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        EVENTS.append("done")


class Registry:
    # label: UNSAFE mutation
    def has(self, name):
        return name in self

    # label: SAFE
    def names(self):
        return sorted(self)


class AuditedRegistry(Registry):
    def __init__(self):
        self.queries = []
        self.known = {"a", "b"}

    def __contains__(self, name):
        self.queries.append(name)
        return name in self.known

    def __iter__(self):
        return iter(self.known)


TRACKED = Tracked()
SHELF = Shelf()
REGISTRY = AuditedRegistry()


# label: UNSAFE mutation
def lookup(key):
    return BY_KEY[key]


# label: UNSAFE mutation
def get_item(key):
    return TRACKED[key]


# label: UNSAFE mutation
def has(value):
    return value in TRACKED


# label: UNSAFE mutation
def snapshot():
    return set(TRACKED)


# label: UNSAFE mutation
def size():
    return len(TRACKED)


# label: UNSAFE mutation
def timed():
    with Timer():
        return 1


# label: SAFE
def read_plain(key):
    rows = [k for k in TABLE]
    return TABLE["a"][0], key in TABLE, len(TABLE), rows, BY_KEY.get(key), key in BY_KEY


# label: SAFE
def read_shelf(i):
    return SHELF[i], i in SHELF, list(SHELF), len(SHELF)


# label: SAFE
def own_tracked(key):
    tracked = Tracked()
    return tracked[key], key in tracked, len(tracked), list(tracked)


def spawn(ex):
    ex.submit(lookup, "k").result()
    ex.submit(get_item, "k").result()
    ex.submit(has, "v").result()
    ex.submit(snapshot).result()
    ex.submit(size).result()
    ex.submit(timed).result()
    ex.submit(read_plain, "a").result()
    ex.submit(read_shelf, 1).result()
    ex.submit(own_tracked, "k").result()
    ex.submit(REGISTRY.has, "a").result()
    ex.submit(REGISTRY.names).result()
