"""Helper module for c32_cross_module.py (not a case file: it has no callbacks)."""

REGISTRY = []
SETTINGS = {"level": 1}
COUNTER = 0


def register(x):
    REGISTRY.append(x)


def bump():
    global COUNTER
    COUNTER += 1


def lookup(key):
    return SETTINGS.get(key)


def fresh_list(n):
    return list(range(n))


class Service:
    def __init__(self):
        self.calls = 0

    def ping(self):
        self.calls += 1
        return self.calls

    def version(self):
        return "1.0"


SERVICE = Service()
