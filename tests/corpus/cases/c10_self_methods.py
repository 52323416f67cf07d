"""Bound methods of main-thread instances submitted as callbacks."""


class Inventory:
    kinds = ["fruit"]

    def __init__(self):
        self.items = ["apple", "pear"]
        self.count = 2
        self.meta = {"v": 1}
        self.name = "store"

    # label: UNSAFE mutation
    def add(self, item):
        self.items.append(item)

    # label: UNSAFE mutation
    def bump(self):
        self.count += 1

    # label: UNSAFE mutation
    def restock(self):
        self._record("restock")

    def _record(self, what):
        self.meta[what] = True

    # label: UNSAFE mutation
    def rename(self, name):
        self.name = name

    # label: UNSAFE mutation
    def clear(self):
        self.items.clear()

    # label: UNSAFE mutation
    @classmethod
    def register_kind(cls, kind):
        cls.kinds.append(kind)

    # label: UNSAFE mutation
    @classmethod
    def reset_kinds(cls):
        cls.kinds = []

    # label: SAFE
    def report(self):
        return {"n": len(self.items), "first": self.items[:1]}

    # label: SAFE
    def snapshot(self):
        return self._copy_items()

    def _copy_items(self):
        out = list(self.items)
        out.append("end")
        return out

    # label: SAFE
    def describe(self, sep):
        return sep.join(self.items) + sep + self.name

    # label: SAFE
    @staticmethod
    def normalize(name):
        return name.strip().lower()

    # label: SAFE
    @classmethod
    def kind_count(cls):
        return len(cls.kinds)

    # label: SAFE
    def total_with(self, extra):
        return self.count + extra


INVENTORY = Inventory()


def spawn(ex):
    ex.submit(INVENTORY.report).result()
    ex.submit(INVENTORY.snapshot).result()
    ex.submit(INVENTORY.describe, ", ").result()
    ex.submit(Inventory.normalize, "  Pear ").result()
    ex.submit(Inventory.kind_count).result()
    ex.submit(INVENTORY.total_with, 3).result()
    ex.submit(INVENTORY.add, "plum").result()
    ex.submit(INVENTORY.bump).result()
    ex.submit(INVENTORY.restock).result()
    ex.submit(INVENTORY.rename, "shop").result()
    ex.submit(INVENTORY.clear).result()
    ex.submit(Inventory.register_kind, "veg").result()
    ex.submit(Inventory.reset_kinds).result()
