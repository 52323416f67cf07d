"""Main-thread objects stored in fresh containers: storing is fine, mutating through them is not."""
import copy

DATA = [1, 2]
CONF = {"k": 1}
LOL = [[1], [2]]
NESTED = {"inner": {"x": 0}}
VICTIM = [5, 6]
PAIR = [[0], [1]]


# label: UNSAFE mutation
def through_fresh_list():
    fresh = [DATA]
    fresh[0].append(1)


# label: UNSAFE mutation
def through_fresh_dict():
    wrap = {"d": CONF}
    wrap["d"]["k"] = 2


# label: UNSAFE mutation
def through_tuple():
    t = (DATA, 1)
    t[0].append(3)


# label: UNSAFE mutation
def through_shallow_copy():
    shallow = list(LOL)
    shallow[0].append(9)


# label: UNSAFE mutation
def through_sorted():
    sorted(PAIR)[0].append(7)


# label: UNSAFE mutation
def through_dict_copy():
    d = dict(NESTED)
    d["inner"]["x"] = 1


# label: UNSAFE mutation
def through_loop_over_fresh():
    for lst in [VICTIM]:
        lst.clear()


# label: SAFE
def store_in_fresh():
    fresh = [DATA, CONF]
    fresh.append(LOL)
    fresh.reverse()
    return len(fresh)


# label: SAFE
def store_in_fresh_dict():
    out = {"data": DATA}
    out["conf"] = CONF
    out.pop("data")
    return out


# label: SAFE
def deep_copy_mutated():
    c = copy.deepcopy(LOL)
    c[0].append(9)
    return c


# label: SAFE
def replace_element_of_copy():
    shallow = list(LOL)
    shallow[0] = [0]
    return shallow


# label: SAFE
def nested_comprehension_copy():
    c = [list(x) for x in LOL]
    c[0].append(1)
    return c


# label: SAFE
def nested_dict_copy():
    d = {k: dict(v) for k, v in NESTED.items()}
    d["inner"]["x"] = 1
    return d


def spawn(ex):
    for fn in (store_in_fresh, store_in_fresh_dict, deep_copy_mutated,
               replace_element_of_copy, nested_comprehension_copy,
               nested_dict_copy, through_fresh_list, through_fresh_dict,
               through_tuple, through_shallow_copy, through_sorted,
               through_dict_copy, through_loop_over_fresh):
        ex.submit(fn).result()
