"""Objects created by the callback itself may be mutated freely."""
import collections
import types

BASE = [3, 1, 2]
SINK = []


# label: SAFE
def comprehension_mutated():
    xs = [x * 2 for x in BASE]
    xs.sort()
    xs.append(0)
    return xs


# label: SAFE
def dict_literal_mutated():
    d = {"a": 1}
    d["b"] = 2
    del d["a"]
    d.update(c=3)
    return d


# label: SAFE
def nested_fresh():
    grid = [[0] * 3 for _ in range(3)]
    grid[1][1] = 5
    grid.append([1, 1, 1])
    return grid


# label: SAFE
def string_building():
    s = ""
    for x in BASE:
        s += str(x)
    parts = [s]
    parts.append("!")
    return "".join(parts)


# label: SAFE
def set_comprehension():
    s = {x for x in BASE}
    s.add(10)
    s.discard(1)
    return sorted(s)


# label: SAFE
def fresh_containers_of_stdlib_types():
    d = collections.deque(BASE)
    d.appendleft(0)
    c = collections.Counter(BASE)
    c["x"] += 1
    dd = collections.defaultdict(list)
    dd["k"].append(1)
    return list(d), dict(c), dict(dd)


# label: SAFE
def fresh_namespace():
    ns = types.SimpleNamespace(a=1)
    ns.b = 2
    del ns.a
    return ns.b


# label: SAFE
def fresh_bytearray():
    b = bytearray(4)
    b[0] = 1
    b += b"xy"
    return bytes(b)


# label: UNSAFE mutation
def comprehension_side_effect():
    return [SINK.append(x) for x in range(2)]


# label: UNSAFE mutation
def fresh_then_rebound_to_global():
    xs = [1]
    xs = BASE
    xs.append(4)


def spawn(ex):
    for fn in (comprehension_mutated, dict_literal_mutated, nested_fresh,
               string_building, set_comprehension,
               fresh_containers_of_stdlib_types, fresh_namespace,
               fresh_bytearray, comprehension_side_effect,
               fresh_then_rebound_to_global):
        ex.submit(fn).result()
