"""Process environment, working directory, import path."""
import os
import sys
import types


# label: UNSAFE call
def set_env():
    os.environ["PXLINT_CORPUS_FLAG"] = "1"


# label: UNSAFE call
def setdefault_env():
    return os.environ.setdefault("PXLINT_CORPUS_MODE", "x")


# label: UNSAFE call
def update_env():
    os.environ.update({"PXLINT_CORPUS_A": "a"})


# label: UNSAFE call
def chdir_parent():
    os.chdir("..")


# label: UNSAFE call
def extend_sys_path():
    sys.path.append("/nonexistent/pxlint-corpus")


# label: UNSAFE call
def prepend_sys_path():
    sys.path.insert(0, "/nonexistent/pxlint-corpus-first")


# label: UNSAFE call
def register_fake_module():
    sys.modules["pxlint_corpus_fake"] = types.ModuleType("pxlint_corpus_fake")


# label: SAFE
def read_env():
    return os.environ.get("HOME", ""), "PATH" in os.environ


# label: SAFE
def env_copy():
    env = dict(os.environ)
    env["PXLINT_CORPUS_FLAG"] = "1"
    env2 = os.environ.copy()
    env2.pop("PATH", None)
    return len(env) + len(env2)


# label: SAFE
def read_cwd():
    return os.path.basename(os.getcwd())


# label: SAFE
def path_copy():
    p = list(sys.path)
    p.append("/x")
    return p[-1]


# label: SAFE
def path_join(*parts):
    return os.path.join(*parts), sys.platform, sys.version_info[:2]


def spawn(ex):
    for fn in (read_env, env_copy, read_cwd, path_copy, set_env,
               setdefault_env, update_env, chdir_parent, extend_sys_path,
               prepend_sys_path, register_fake_module):
        ex.submit(fn).result()
    ex.submit(path_join, "a", "b").result()
