"""Callbacks spawned with executor.map over main-thread iterables."""

ROWS = [[1, 2], [3, 4]]
RECORDS = [{"id": 1}, {"id": 2}]
WORDS = ["alpha", "beta", "gamma"]


# label: UNSAFE mutation
def tag_row(row):
    row.append(0)


# label: UNSAFE mutation
def mark_record(record):
    record["done"] = True


# label: UNSAFE mutation
def fill(dst, value):
    dst.append(value)


# label: SAFE
def square(n):
    return n * n


# label: SAFE
def word_length(word):
    return len(word)


# label: SAFE
def row_sum(row):
    return sum(row)


# label: SAFE
def record_view(record):
    return {**record, "done": True}


# label: SAFE
def pair(a, b):
    out = [a]
    out.append(b)
    return tuple(out)


def spawn(ex):
    list(ex.map(square, range(4)))
    list(ex.map(word_length, WORDS))
    list(ex.map(row_sum, ROWS))
    list(ex.map(record_view, RECORDS))
    list(ex.map(pair, WORDS, range(3)))
    list(ex.map(tag_row, ROWS))
    list(ex.map(mark_record, RECORDS))
    list(ex.map(fill, [[], []], [1, 2]))
