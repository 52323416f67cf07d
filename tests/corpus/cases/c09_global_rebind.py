"""Rebinding (or deleting) module globals."""

COUNT = 0
TOTAL = 0.0
STATE = "idle"
LATEST = None
TEMP = 1
ITEMS = [1, 2]


# label: UNSAFE mutation
def increment():
    global COUNT
    COUNT += 1


# label: UNSAFE mutation
def set_state(state):
    global STATE
    STATE = state


# label: UNSAFE mutation
def replace_list():
    global ITEMS
    ITEMS = []


# label: UNSAFE mutation
def delete_temp():
    global TEMP
    del TEMP


# label: UNSAFE mutation
def create_global(x):
    global LATEST_RESULT
    LATEST_RESULT = x


# label: UNSAFE mutation
def accumulate(values):
    global TOTAL
    for v in values:
        TOTAL += v


# label: UNSAFE mutation
def maybe_record(x):
    global LATEST
    if x > 0:
        LATEST = x


# label: SAFE
def read_global():
    return COUNT + 1


# label: SAFE
def shadow_local():
    COUNT = 5
    COUNT += 1
    return COUNT


# label: SAFE
def declared_but_read():
    global STATE
    return STATE.upper()


# label: SAFE
def local_same_name():
    ITEMS = [3]
    ITEMS.append(4)
    return ITEMS


# label: SAFE
def compute_total():
    return sum(ITEMS) + TOTAL


def spawn(ex):
    for fn in (read_global, shadow_local, declared_but_read, local_same_name,
               compute_total):
        ex.submit(fn).result()
    ex.submit(increment).result()
    ex.submit(set_state, "busy").result()
    ex.submit(replace_list).result()
    ex.submit(delete_temp).result()
    ex.submit(create_global, 7).result()
    ex.submit(accumulate, (1.5, 2.5)).result()
    ex.submit(maybe_record, 3).result()
