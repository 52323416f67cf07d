"""Arguments passed at the spawn site are main-thread objects, even fresh ones."""

SHARED = [1, 2, 3]
SHARED_MAP = {"a": 1}


class Box:
    def __init__(self, value=0):
        self.value = value


BOX = Box()


# label: UNSAFE mutation
def append_arg(items):
    items.append(4)


# label: UNSAFE mutation
def append_fresh_arg(items):
    items.append(1)


# label: UNSAFE mutation
def update_arg(mapping):
    mapping.update(b=2)


# label: UNSAFE mutation
def set_arg_attribute(box):
    box.value = 42


# label: UNSAFE mutation
def bump_fresh_box(box):
    box.value += 1


# label: UNSAFE mutation
def sort_arg(values):
    values.sort(reverse=True)


# label: UNSAFE mutation
def keyword_arg(*, out):
    out.append("x")


# label: UNSAFE mutation
def star_args(*lists):
    for lst in lists:
        lst.append(0)


# label: UNSAFE mutation
def nested_arg(rows):
    rows[0]["seen"] = True


# label: SAFE
def copy_arg(items):
    local = list(items)
    local.append(4)
    return local


# label: SAFE
def rebind_arg(items):
    items = items + [4]
    items.append(5)
    return items


# label: SAFE
def read_arg(mapping):
    return mapping.get("a", 0) + len(mapping)


# label: SAFE
def fresh_result(box):
    return {"value": box.value}


# label: SAFE
def int_arg(n):
    n += 1
    return n


# label: SAFE
def str_arg(s):
    s += "!"
    return s.upper()


# label: SAFE
def tuple_arg(t):
    return list(t) + [1]


def spawn(ex):
    ex.submit(copy_arg, SHARED).result()
    ex.submit(rebind_arg, SHARED).result()
    ex.submit(read_arg, SHARED_MAP).result()
    ex.submit(fresh_result, BOX).result()
    ex.submit(int_arg, 1).result()
    ex.submit(str_arg, "hi").result()
    ex.submit(tuple_arg, (1, 2)).result()
    ex.submit(append_arg, SHARED).result()
    ex.submit(append_fresh_arg, []).result()
    ex.submit(update_arg, SHARED_MAP).result()
    ex.submit(set_arg_attribute, BOX).result()
    ex.submit(bump_fresh_box, Box(1)).result()
    ex.submit(sort_arg, [1, 3, 2]).result()
    ex.submit(keyword_arg, out=[]).result()
    ex.submit(star_args, [1], [2]).result()
    ex.submit(nested_arg, [{"id": 1}]).result()
