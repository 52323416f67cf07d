"""Attribute writes on module-level instances and on classes."""


class Config:
    def __init__(self):
        self.debug = False
        self.level = 1
        self.tags = []
        self.name = "corpus"


class Counter:
    count = 0
    history = []


class Settings:
    def __init__(self, level):
        self.level = level


class App:
    def __init__(self):
        self.settings = Settings(1)


CONFIG = Config()
SESSION = Config()
APP = App()


# label: UNSAFE mutation
def enable_debug():
    CONFIG.debug = True


# label: UNSAFE mutation
def forget_name():
    del SESSION.name


# label: UNSAFE mutation
def count_call():
    Counter.count += 1


# label: UNSAFE mutation
def record_history(x):
    Counter.history.append(x)


# label: UNSAFE mutation
def nested_attribute():
    APP.settings.level = 3


# label: UNSAFE mutation
def tag_config(tag):
    CONFIG.tags.append(tag)


# label: UNSAFE mutation
def setattr_constant():
    setattr(CONFIG, "level", 5)


# label: UNSAFE mutation
def new_attribute():
    CONFIG.extra = {"added": True}


# label: UNSAFE mutation
def new_class_attribute():
    Counter.label = "counted"


# label: UNSAFE mutation
def replace_nested():
    APP.settings = Settings(9)


# label: SAFE
def read_attributes():
    return CONFIG.debug, CONFIG.level, APP.settings.level


# label: SAFE
def fresh_instance():
    c = Config()
    c.debug = True
    c.tags.append("fresh")
    del c.name
    return c


# label: SAFE
def getattr_default():
    return getattr(CONFIG, "missing", None)


# label: SAFE
def class_attribute_read():
    return Counter.count + len(Counter.history)


# label: SAFE
def copy_tags(tag):
    tags = list(CONFIG.tags)
    tags.append(tag)
    return tags


# label: SAFE
def fresh_nested():
    app = App()
    app.settings.level = 7
    app.settings = Settings(8)
    return app.settings.level


def spawn(ex):
    for fn in (read_attributes, fresh_instance, getattr_default,
               class_attribute_read, fresh_nested):
        ex.submit(fn).result()
    ex.submit(copy_tags, "t").result()
    for fn in (enable_debug, forget_name, count_call, nested_attribute,
               setattr_constant, new_attribute, new_class_attribute,
               replace_nested):
        ex.submit(fn).result()
    ex.submit(record_history, 1).result()
    ex.submit(tag_config, "t").result()
