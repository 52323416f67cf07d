"""Setting or deleting a property runs its setter or deleter: one that
records into module state makes `obj.value = x` a mutation, even of an
object the callback made."""

CHANGES = []


class Tracked:
    def __init__(self):
        self._value = 0

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, v):
        CHANGES.append(v)
        self._value = v

    @value.deleter
    def value(self):
        CHANGES.append(None)
        self._value = 0


class Quiet:
    def __init__(self):
        self._value = 0

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, v):
        self._value = v


# label: UNSAFE mutation
def set_tracked(x):
    t = Tracked()
    t.value = x
    return t.value


# label: UNSAFE mutation
def delete_tracked():
    t = Tracked()
    del t.value
    return t.value


# label: SAFE
def set_quiet(x):
    q = Quiet()
    q.value = x
    return q.value


def spawn(ex):
    ex.submit(set_tracked, 1).result()
    ex.submit(delete_tracked).result()
    ex.submit(set_quiet, 1).result()
