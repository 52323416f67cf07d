"""Dynamic code (exec / eval / compile) that really mutates main-thread state."""
import ast
import json

DATA = [1]
CONFIG = {"mode": "a"}
SOURCE = "DATA.append(2)"


# label: UNSAFE unprovable
def exec_append():
    exec("DATA.append(2)")


# label: UNSAFE unprovable
def exec_source_with_globals():
    exec(SOURCE, globals())


# label: UNSAFE unprovable
def eval_update():
    eval("CONFIG.update(mode='b')")


# label: UNSAFE unprovable
def exec_compiled():
    code = compile("CONFIG['x'] = 1", "<corpus>", "exec")
    exec(code)


# label: UNSAFE unprovable
def exec_defines_global():
    exec("NEW_NAME = 5", globals())


# label: SAFE
def literal_eval_mutated():
    values = ast.literal_eval("[1, 2, 3]")
    values.append(4)
    return values


# label: SAFE
def read_data():
    return list(DATA), CONFIG.get("mode")


# label: SAFE
def parse_json_config(text):
    parsed = json.loads(text)
    parsed["mode"] = CONFIG["mode"]
    return parsed


def spawn(ex):
    ex.submit(literal_eval_mutated).result()
    ex.submit(read_data).result()
    ex.submit(parse_json_config, '{"mode": "z"}').result()
    for fn in (exec_append, exec_source_with_globals, eval_update,
               exec_compiled, exec_defines_global):
        ex.submit(fn).result()
