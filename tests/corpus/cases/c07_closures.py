"""Closures: captured cells rebound or their contents mutated."""

DATA = [1, 2, 3]


def make_counter():
    count = 0

    # label: UNSAFE mutation
    def increment():
        nonlocal count
        count += 1
        return count

    return increment


def make_collector():
    seen = []

    # label: UNSAFE mutation
    def collect(x):
        seen.append(x)

    return collect


def make_registry():
    table = {}

    # label: UNSAFE mutation
    def register(key, value):
        table[key] = value

    return register


def make_toggle():
    flag = False

    # label: UNSAFE mutation
    def toggle():
        nonlocal flag
        flag = not flag

    return toggle


def make_state():
    state = {"n": 1}

    # label: UNSAFE mutation
    def reset():
        state.clear()

    # label: SAFE
    def peek():
        return dict(state)

    return reset, peek


def make_reader(values):
    # label: SAFE
    def total():
        return sum(values)

    return total


def make_scaler(factor):
    # label: SAFE
    def scale(x):
        return x * factor

    return scale


def make_builder(prefix):
    # label: SAFE
    def build(n):
        out = []
        for i in range(n):
            out.append(prefix + str(i))
        return out

    return build


def make_shadow():
    count = 0

    # label: SAFE
    def shadow():
        count = 5
        count += 1
        return count

    return shadow, count


def make_copier(values):
    # label: SAFE
    def copy_and_extend(x):
        local = list(values)
        local.append(x)
        return local

    return copy_and_extend


def make_mutator(values):
    # label: UNSAFE mutation
    def drain():
        while values:
            values.pop()

    return drain


COUNTER = make_counter()
TOTAL = make_reader(DATA)


def spawn(ex):
    ex.submit(TOTAL).result()
    list(ex.map(make_scaler(3), [1, 2, 3]))
    ex.submit(make_builder("id-"), 3).result()
    ex.submit(make_shadow()[0]).result()
    ex.submit(make_copier(DATA), 4).result()
    reset, peek = make_state()
    ex.submit(peek).result()
    ex.submit(COUNTER).result()
    ex.submit(make_collector(), 1).result()
    ex.submit(make_registry(), "k", "v").result()
    ex.submit(make_toggle()).result()
    ex.submit(reset).result()
    ex.submit(make_mutator([1, 2])).result()
