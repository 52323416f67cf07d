"""Decorated callbacks, and properties whose getter writes to self."""
import functools

AUDIT = []


def traced(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


def audited(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        AUDIT.append(fn.__name__)
        return fn(*args, **kwargs)
    return wrapper


def parallel(fn):
    return fn


class Lazy:
    def __init__(self):
        self._value = None
        self.raw = 41

    @property
    def value(self):
        if self._value is None:
            self._value = self.raw + 1
        return self._value

    @property
    def doubled(self):
        return self.raw * 2


LAZY = Lazy()


# label: SAFE
@traced
def add(a, b):
    return a + b


# label: SAFE
@parallel
def compute(x):
    return [x] * 3


# label: SAFE
@traced
@parallel
def stacked(x):
    out = [x]
    out.append(x)
    return out


# label: SAFE
def read_pure_property():
    return LAZY.doubled


# label: UNSAFE mutation
@audited
def audited_but_pure(x):
    return x


# label: UNSAFE mutation
@traced
def traced_mutation(x):
    AUDIT.append(x)


# label: UNSAFE mutation
@parallel
def marked_mutation():
    AUDIT.clear()


# label: UNSAFE mutation
def read_caching_property():
    return LAZY.value


def spawn(ex):
    ex.submit(add, 1, 2).result()
    ex.submit(compute, 2).result()
    ex.submit(stacked, 3).result()
    ex.submit(read_pure_property).result()
    ex.submit(audited_but_pure, 1).result()
    ex.submit(traced_mutation, 2).result()
    ex.submit(marked_mutation).result()
    ex.submit(read_caching_property).result()
