"""Operators run their operand's special methods: a project class whose
__add__, __iadd__, __lt__, __neg__ or __format__ records into module state
makes `a + b`, `a += b`, `a < b`, `-a` and f"{a}" mutations."""

HISTORY = []


class Tracked:
    def __init__(self, n):
        self.n = n

    def __add__(self, other):
        HISTORY.append("add")
        return Tracked(self.n + other)

    def __iadd__(self, other):
        HISTORY.append("iadd")
        self.n = self.n + other
        return self

    def __lt__(self, other):
        HISTORY.append("lt")
        return self.n < other

    def __neg__(self):
        HISTORY.append("neg")
        return Tracked(-self.n)

    def __format__(self, spec):
        HISTORY.append("format")
        return format(self.n, spec)


class Plain:
    def __init__(self, n):
        self.n = n

    def __add__(self, other):
        return Plain(self.n + other)

    def __lt__(self, other):
        return self.n < other


# label: UNSAFE mutation
def add_tracked(n):
    return (Tracked(n) + 1).n


# label: UNSAFE mutation
def iadd_tracked(n):
    t = Tracked(n)
    t += 1
    return t.n


# label: UNSAFE mutation
def compare_tracked(n):
    return Tracked(n) < 3


# label: UNSAFE mutation
def negate_tracked(n):
    return (-Tracked(n)).n


# label: UNSAFE mutation
def format_tracked(n):
    return f"{Tracked(n):>4}"


# label: SAFE
def add_plain(n):
    return (Plain(n) + 1).n


# label: SAFE
def compare_plain(n):
    return Plain(n) < 3


# label: SAFE
def arithmetic(n, text):
    return (n + 1) * 2 < 10, -n, not n, text + "!", f"{n}{text!r}"


def spawn(ex):
    for fn in (add_tracked, iadd_tracked, compare_tracked, negate_tracked, format_tracked,
               add_plain, compare_plain):
        ex.submit(fn, 1).result()
    ex.submit(arithmetic, 1, "x").result()
