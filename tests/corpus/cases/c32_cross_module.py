"""State of another project module, reached through imports."""
import corpus_shared
import corpus_shared as cs
from corpus_shared import REGISTRY, SETTINGS, register


# label: UNSAFE mutation
def uses_imported_register(x):
    register(x)


# label: UNSAFE mutation
def append_imported_list():
    REGISTRY.append(1)


# label: UNSAFE mutation
def set_module_attribute():
    corpus_shared.COUNTER = 10


# label: UNSAFE mutation
def call_module_bump():
    cs.bump()


# label: UNSAFE mutation
def write_imported_dict():
    SETTINGS["level"] = 2


# label: UNSAFE mutation
def ping_shared_service():
    return cs.SERVICE.ping()


# label: SAFE
def lookup_level():
    return cs.lookup("level")


# label: SAFE
def fresh_from_other_module():
    xs = corpus_shared.fresh_list(3)
    xs.append(1)
    return xs


# label: SAFE
def read_imported_list():
    return len(REGISTRY), list(REGISTRY)


# label: SAFE
def shared_service_version():
    return cs.SERVICE.version()


# label: SAFE
def fresh_service():
    s = corpus_shared.Service()
    s.ping()
    return s.calls


def spawn(ex):
    for fn in (lookup_level, fresh_from_other_module, read_imported_list,
               shared_service_version, fresh_service, append_imported_list,
               set_module_attribute, call_module_bump, write_imported_dict,
               ping_shared_service):
        ex.submit(fn).result()
    ex.submit(uses_imported_register, 1).result()
