"""Recursive callbacks: what a recursive call does with the objects it is
handed counts as much as the first call's own work."""
PENDING = []
SEEN = set()


def _drain(items, depth):
    if depth:
        _drain(PENDING, depth - 1)
    else:
        items.append(depth)


# label: UNSAFE mutation
def drain(depth):
    _drain([], depth)


def _drain_own(items, depth):
    if depth:
        _drain_own([], depth - 1)
    else:
        items.append(depth)
    return items


# label: SAFE
def drain_own(depth):
    return _drain_own([], depth)


def visit_node(node, depth):
    if depth:
        visit_tree(node, depth - 1)
    else:
        SEEN.add(node)


def visit_tree(node, depth):
    visit_node(node, depth)


# label: UNSAFE mutation
def visit(depth):
    visit_tree("root", depth)


# label: SAFE
def count_down(depth):
    if depth:
        return count_down(depth - 1) + 1
    return 0


def spawn(ex):
    ex.submit(drain, 1).result()
    ex.submit(drain_own, 1).result()
    ex.submit(visit, 1).result()
    ex.submit(count_down, 3).result()
