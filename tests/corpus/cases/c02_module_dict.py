"""Module-level dicts mutated (or only read) by callbacks."""

SETTINGS = {"mode": "fast", "level": 1}
CACHE = {}
COUNTS = {"a": 1, "b": 2}
INDEX = {"x": [1], "y": [2]}
REGISTRY = {"one": 1, "two": 2, "three": 3}
STALE = {"z": 26}
OVERRIDES = {"a": 0}
LAST = {"k1": 1, "k2": 2}


# label: UNSAFE mutation
def set_key():
    SETTINGS["mode"] = "slow"


# label: UNSAFE mutation
def delete_key():
    del REGISTRY["one"]


# label: UNSAFE mutation
def update_settings():
    SETTINGS.update(level=2)


# label: UNSAFE mutation
def setdefault_cache(key):
    return CACHE.setdefault(key, [])


# label: UNSAFE mutation
def pop_key():
    return REGISTRY.pop("two", None)


# label: UNSAFE mutation
def popitem_last():
    return LAST.popitem()


# label: UNSAFE mutation
def clear_stale():
    STALE.clear()


# label: UNSAFE mutation
def merge_in_place():
    global OVERRIDES
    OVERRIDES |= {"c": 3}


# label: UNSAFE mutation
def count_item(key):
    COUNTS[key] += 1


# label: UNSAFE mutation
def append_to_value():
    INDEX["x"].append(3)


# label: SAFE
def get_mode():
    return SETTINGS.get("mode", "default")


# label: SAFE
def copied_and_changed():
    d = dict(SETTINGS)
    d["mode"] = "slow"
    del d["level"]
    return d


# label: SAFE
def copy_method_update():
    d = SETTINGS.copy()
    d.update(level=5)
    d.setdefault("extra", [])
    return d


# label: SAFE
def merged_literal():
    return {**SETTINGS, "level": 9}


# label: SAFE
def union_operator():
    return COUNTS | {"c": 3}


# label: SAFE
def sum_values():
    return sum(v for v in COUNTS.values())


# label: SAFE
def inverted():
    return {v: k for k, v in REGISTRY.items()}


# label: SAFE
def grouped(words):
    groups = {}
    for w in words:
        groups.setdefault(w[0], []).append(w)
    return groups


def spawn(ex):
    futures = [ex.submit(fn) for fn in (get_mode, copied_and_changed,
                                        copy_method_update, merged_literal,
                                        union_operator, sum_values, inverted)]
    futures.append(ex.submit(grouped, ["ant", "bee", "asp"]))
    for fn in (set_key, delete_key, update_settings, pop_key, popitem_last,
               clear_stale, merge_in_place, append_to_value):
        futures.append(ex.submit(fn))
    futures.append(ex.submit(setdefault_cache, "k"))
    futures.append(ex.submit(count_item, "a"))
    for f in futures:
        f.result()
