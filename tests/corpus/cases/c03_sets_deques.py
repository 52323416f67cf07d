"""Sets and deques built on the main thread."""
import collections

TAGS = {"red", "green"}
SEEN = set()
BLOCKED = {"x", "y", "z"}
ALLOWED = {"a", "b", "c"}
HISTORY = collections.deque([1, 2, 3], maxlen=10)
JOBS = collections.deque(["a", "b", "c"])
RING = collections.deque([1, 2, 3, 4])


# label: UNSAFE mutation
def add_tag(tag):
    TAGS.add(tag)


# label: UNSAFE mutation
def discard_blocked():
    BLOCKED.discard("x")


# label: UNSAFE mutation
def mark_seen(values):
    SEEN.update(values)


# label: UNSAFE mutation
def drop_allowed():
    ALLOWED.difference_update({"a"})


# label: UNSAFE mutation
def push_history(x):
    HISTORY.appendleft(x)


# label: UNSAFE mutation
def take_job():
    return JOBS.popleft()


# label: UNSAFE mutation
def rotate_ring():
    RING.rotate(1)


# label: SAFE
def with_tag(tag):
    return TAGS | {tag}


# label: SAFE
def set_copy_add(tag):
    s = set(TAGS)
    s.add(tag)
    s.discard("red")
    return s


# label: SAFE
def frozen_view():
    return frozenset(BLOCKED) - {"x"}


# label: SAFE
def is_blocked(x):
    return x in BLOCKED


# label: SAFE
def history_copy():
    d = collections.deque(HISTORY)
    d.appendleft(0)
    d.rotate(2)
    return list(d)


# label: SAFE
def first_job():
    return list(JOBS)[0] if JOBS else None


def spawn(ex):
    for fut in [ex.submit(with_tag, "blue"), ex.submit(set_copy_add, "blue"),
                ex.submit(frozen_view), ex.submit(history_copy),
                ex.submit(first_job)]:
        fut.result()
    list(ex.map(is_blocked, ["x", "q"]))
    ex.submit(add_tag, "blue").result()
    ex.submit(discard_blocked).result()
    ex.submit(mark_seen, ["p", "q"]).result()
    ex.submit(drop_allowed).result()
    ex.submit(push_history, 0).result()
    ex.submit(take_job).result()
    ex.submit(rotate_ring).result()
