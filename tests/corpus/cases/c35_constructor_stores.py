"""Objects a constructor stores into the instance it makes: a method of the
fresh instance that mutates what it holds mutates the main-thread object."""
PENDING = []


class Box:
    def __init__(self, items):
        self.items = items

    def push(self, value):
        self.items.append(value)


class DefaultBox:
    def __init__(self):
        self.items = PENDING

    def push(self, value):
        self.items.append(value)


class Pair:
    def __init__(self, first, second):
        self.first = first
        self.second = second


class Wrapped(Box):
    def __init__(self, items):
        super().__init__(items)


# label: UNSAFE mutation
def enqueue(value):
    Box(PENDING).push(value)


# label: UNSAFE mutation
def enqueue_default(value):
    DefaultBox().push(value)


# label: UNSAFE mutation
def enqueue_wrapped(value):
    Wrapped(PENDING).push(value)


# label: UNSAFE mutation
def enqueue_argument(items, value):
    Box(items).push(value)


# label: UNSAFE mutation
def enqueue_direct(value):
    Box(PENDING).items.append(value)


# label: SAFE
def pair_with_shared(value):
    pair = Pair([], PENDING)
    pair.first.append(value)
    return len(pair.second)


# label: SAFE
def enqueue_own(value):
    box = Box([])
    box.push(value)
    return box.items


# label: SAFE
def pair_of_own(value):
    pair = Pair([], value)
    pair.first.append(value)
    return pair.first


def spawn(ex):
    ex.submit(enqueue, 1).result()
    ex.submit(enqueue_default, 2).result()
    ex.submit(enqueue_wrapped, 3).result()
    ex.submit(enqueue_argument, [], 4).result()
    ex.submit(enqueue_direct, 7).result()
    ex.submit(pair_with_shared, 8).result()
    ex.submit(enqueue_own, 5).result()
    ex.submit(pair_of_own, 6).result()
