"""Recursive and mutually recursive callbacks."""

TREE = {"value": 1, "children": [{"value": 2, "children": []},
                                 {"value": 3, "children": [{"value": 4, "children": []}]}]}
MEMO = {}
CALLS = []


# label: UNSAFE mutation
def mark(node):
    node["seen"] = True
    for child in node["children"]:
        mark(child)


# label: UNSAFE mutation
def fact_memo(n):
    if n in MEMO:
        return MEMO[n]
    result = 1 if n <= 1 else n * fact_memo(n - 1)
    MEMO[n] = result
    return result


def _is_odd_logged(n):
    CALLS.append(n)
    return False if n == 0 else is_even_logged(n - 1)


# label: UNSAFE mutation
def is_even_logged(n):
    return True if n == 0 else _is_odd_logged(n - 1)


# label: SAFE
def depth(node):
    return 1 + max((depth(c) for c in node["children"]), default=0)


def _collect(node, out):
    out.append(node["value"])
    for child in node["children"]:
        _collect(child, out)


# label: SAFE
def flatten(node):
    out = []
    _collect(node, out)
    return out


# label: SAFE
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def _is_odd(n):
    return False if n == 0 else is_even(n - 1)


# label: SAFE
def is_even(n):
    return True if n == 0 else _is_odd(n - 1)


# label: SAFE
def copy_tree(node):
    copy = {"value": node["value"], "children": [copy_tree(c) for c in node["children"]]}
    copy["seen"] = True
    copy["children"].append({"value": 0, "children": []})
    return copy


def spawn(ex):
    ex.submit(depth, TREE).result()
    ex.submit(flatten, TREE).result()
    ex.submit(fib, 10).result()
    ex.submit(is_even, 6).result()
    ex.submit(copy_tree, TREE).result()
    ex.submit(mark, TREE).result()
    ex.submit(fact_memo, 5).result()
    ex.submit(is_even_logged, 4).result()
