"""Reflection with computed names: setattr, globals(), __dict__, vars()."""
import sys


class Settings:
    def __init__(self):
        self.mode = "a"
        self.level = 1


class Registry:
    pass


SETTINGS = Settings()
SCRATCH = Settings()
FIELDS = ["mode", "level"]
DATA = [1]


# label: UNSAFE unprovable
def setattr_computed(name):
    setattr(SETTINGS, name, "b")


# label: UNSAFE unprovable
def setattr_loop():
    for field in FIELDS:
        setattr(SCRATCH, field, None)


# label: UNSAFE unprovable
def globals_write(key):
    globals()[key] = 1


# label: UNSAFE unprovable
def instance_dict_write():
    SETTINGS.__dict__["level"] = 9


# label: UNSAFE unprovable
def vars_write():
    vars(SETTINGS)["mode"] = "z"


# label: UNSAFE unprovable
def module_vars_write():
    vars(sys.modules[__name__])["FLAG"] = True


# label: UNSAFE unprovable
def getattr_computed_call():
    getattr(DATA, "app" + "end")(1)


# label: UNSAFE unprovable
def class_setattr(name):
    setattr(Registry, name, 1)


# label: SAFE
def getattr_constant():
    return getattr(SETTINGS, "mode")


# label: SAFE
def hasattr_check():
    return hasattr(SETTINGS, "mode"), hasattr(Registry, "missing")


# label: SAFE
def read_fields():
    return {field: getattr(SETTINGS, field) for field in FIELDS}


# label: SAFE
def fresh_dict_build():
    d = {}
    for field in FIELDS:
        d[field] = "x"
    return d


def spawn(ex):
    for fn in (getattr_constant, hasattr_check, read_fields, fresh_dict_build):
        ex.submit(fn).result()
    ex.submit(setattr_computed, "mode").result()
    ex.submit(setattr_loop).result()
    ex.submit(globals_write, "DYNAMIC").result()
    for fn in (instance_dict_write, vars_write, module_vars_write,
               getattr_computed_call):
        ex.submit(fn).result()
    ex.submit(class_setattr, "entry").result()
