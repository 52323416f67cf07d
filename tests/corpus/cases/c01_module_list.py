"""Module-level lists mutated (or only read) by callbacks."""

ITEMS = [5, 3, 8, 1]
NAMES = ["ada", "bob", "cy"]
NUMBERS = [1, 2, 3]
SCORES = [30, 10, 20]
ORDER = [1, 2, 3]
QUEUE_LIKE = ["a", "b", "c", "d"]
GROWING = [0]


# label: UNSAFE mutation
def append_item(x):
    ITEMS.append(x)


# label: UNSAFE mutation
def extend_items():
    ITEMS.extend([9, 10])


# label: UNSAFE mutation
def insert_front(name):
    NAMES.insert(0, name)


# label: UNSAFE mutation
def pop_last():
    return QUEUE_LIKE.pop()


# label: UNSAFE mutation
def remove_name():
    if "bob" in NAMES:
        NAMES.remove("bob")


# label: UNSAFE mutation
def clear_numbers():
    NUMBERS.clear()


# label: UNSAFE mutation
def sort_scores():
    SCORES.sort()


# label: UNSAFE mutation
def reverse_order():
    ORDER.reverse()


# label: UNSAFE mutation
def set_first():
    ITEMS[0] = 99


# label: UNSAFE mutation
def delete_first():
    del QUEUE_LIKE[0]


# label: UNSAFE mutation
def slice_assign():
    ITEMS[1:2] = [7, 7]


# label: UNSAFE mutation
def augmented_global():
    global GROWING
    GROWING += [1]


# label: SAFE
def total():
    return sum(ITEMS) + len(NAMES)


# label: SAFE
def sorted_copy():
    result = sorted(SCORES)
    result.append(0)
    return result


# label: SAFE
def copy_then_append(x):
    copy = list(ITEMS)
    copy.append(x)
    copy.sort()
    return copy


# label: SAFE
def slice_copy_reverse():
    copy = ORDER[:]
    copy.reverse()
    return copy


# label: SAFE
def concat():
    return ITEMS + [1]


# label: SAFE
def method_copy():
    copy = NAMES.copy()
    copy.insert(0, "zed")
    del copy[-1]
    return copy


# label: SAFE
def local_augmented():
    acc = []
    acc += ITEMS
    acc += [len(acc)]
    return acc


def spawn(ex):
    futures = [
        ex.submit(total),
        ex.submit(sorted_copy),
        ex.submit(copy_then_append, 4),
        ex.submit(slice_copy_reverse),
        ex.submit(concat),
        ex.submit(method_copy),
        ex.submit(local_augmented),
        ex.submit(append_item, 4),
        ex.submit(extend_items),
        ex.submit(insert_front, "eve"),
        ex.submit(pop_last),
        ex.submit(remove_name),
        ex.submit(clear_numbers),
        ex.submit(sort_scores),
        ex.submit(reverse_order),
        ex.submit(set_first),
        ex.submit(delete_first),
        ex.submit(slice_assign),
        ex.submit(augmented_global),
    ]
    for f in futures:
        f.result()
