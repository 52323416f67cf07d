"""Mutations hidden in control flow: try/finally, except, match, loops, nested functions."""

DATA = [3, 1, 2]
TAIL = [0]
ERRORS = []
PAIRS = {"a": [1]}
PADDED = [1]
SEEN = set()
STACK = [1, 2, 3]


# label: UNSAFE mutation
def in_finally():
    try:
        x = 1
    finally:
        TAIL.append(2)
    return x


# label: UNSAFE mutation
def in_except(text):
    try:
        return int(text)
    except ValueError:
        ERRORS.append(text)
        return None


# label: UNSAFE mutation
def match_capture():
    match PAIRS:
        case {"a": values}:
            values.append(2)


# label: UNSAFE mutation
def pad_until_long():
    while len(PADDED) < 4:
        PADDED.append(0)


# label: UNSAFE mutation
def generator_side_effect():
    return any(SEEN.add(x) for x in range(3))


# label: UNSAFE mutation
def nested_function_mutates():
    def inner():
        STACK.pop()
    inner()


# label: UNSAFE mutation
def lambda_mutates():
    f = lambda: DATA.reverse()  # noqa: E731
    f()


# label: SAFE
def match_read():
    match PAIRS:
        case {"a": values}:
            return len(values)
        case _:
            return 0


# label: SAFE
def finally_fresh():
    try:
        out = [1]
    finally:
        pass
    out.append(2)
    return out


# label: SAFE
def loop_fresh():
    acc = []
    i = 0
    while i < 3:
        acc.append(i)
        i += 1
    return acc


# label: SAFE
def nested_function_fresh():
    def inner(xs):
        xs.append(1)
        return xs
    return inner([])


# label: SAFE
def lambda_fresh():
    f = lambda xs: xs + [1]  # noqa: E731
    return f(DATA)


# label: SAFE
def except_fresh(text):
    errors = []
    try:
        return int(text)
    except ValueError as e:
        errors.append(str(e))
        return errors


def spawn(ex):
    for fn in (match_read, finally_fresh, loop_fresh, nested_function_fresh,
               lambda_fresh, in_finally, match_capture, pad_until_long,
               generator_side_effect, nested_function_mutates, lambda_mutates):
        ex.submit(fn).result()
    ex.submit(except_fresh, "x").result()
    ex.submit(in_except, "x").result()
