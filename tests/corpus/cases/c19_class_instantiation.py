"""Instances of project classes: fresh ones are free, shared state is not."""
import dataclasses


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def move(self, dx):
        self.x += dx
        return self


class Tracked:
    instances = 0

    def __init__(self):
        Tracked.instances += 1


class Registered:
    registry = []

    def __init__(self, name):
        self.name = name
        Registered.registry.append(self)


class Bag:
    items = []

    def add(self, x):
        self.items.append(x)


@dataclasses.dataclass
class Job:
    name: str
    tags: list = dataclasses.field(default_factory=list)


class Node:
    __slots__ = ("value", "next")


ORIGIN = Point(0, 0)
HEAD = Node()
HEAD.value = 1
HEAD.next = None
DEFAULT_JOB = Job("default")


# label: SAFE
def make_point():
    p = Point(1, 2)
    p.move(3)
    p.label = "a"
    return p.x, p.y


# label: SAFE
def fresh_dataclass():
    j = Job("a")
    j.tags.append("t")
    j.name = "b"
    return j


# label: SAFE
def fresh_slots():
    n = Node()
    n.value = 1
    n.next = None
    return n.value


# label: SAFE
def many_points():
    points = [Point(i, i) for i in range(3)]
    for p in points:
        p.move(1)
    return [p.x for p in points]


# label: SAFE
def read_shared_instances():
    return ORIGIN.x + HEAD.value + len(DEFAULT_JOB.tags)


# label: UNSAFE mutation
def make_tracked():
    return Tracked()


# label: UNSAFE mutation
def make_registered():
    return Registered("a")


# label: UNSAFE mutation
def bag_add():
    b = Bag()
    b.add(1)


# label: UNSAFE mutation
def move_origin():
    ORIGIN.move(1)


# label: UNSAFE mutation
def set_slot():
    HEAD.value = 5


# label: UNSAFE mutation
def tag_default_job():
    DEFAULT_JOB.tags.append("x")


def spawn(ex):
    for fn in (make_point, fresh_dataclass, fresh_slots, many_points,
               read_shared_instances, make_tracked, make_registered, bag_add,
               move_origin, set_slot, tag_default_job):
        ex.submit(fn).result()
