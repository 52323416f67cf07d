"""I/O to temporary files the callback creates is safe; touching shared state is not."""
import json
import os
import pathlib
import tempfile

WRITTEN = []
SETTINGS = {"name": "corpus"}


# label: SAFE
def write_and_read(text):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "out.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        with open(path, encoding="utf-8") as f:
            return f.read()


# label: SAFE
def json_roundtrip():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "settings.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(SETTINGS, f)
        with open(path, encoding="utf-8") as f:
            loaded = json.load(f)
    loaded["name"] = "copy"
    return loaded


# label: SAFE
def pathlib_write():
    with tempfile.TemporaryDirectory() as d:
        p = pathlib.Path(d) / "a.txt"
        p.write_text("hello", encoding="utf-8")
        return p.read_text(encoding="utf-8").upper()


# label: SAFE
def named_tempfile():
    with tempfile.NamedTemporaryFile("w+", encoding="utf-8") as f:
        f.write("line1\nline2\n")
        f.seek(0)
        return f.read().splitlines()


# label: SAFE
def list_created_files():
    with tempfile.TemporaryDirectory() as d:
        for name in ("b", "a", "c"):
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(name)
        return sorted(os.listdir(d))


# label: SAFE
def read_own_source():
    with open(__file__, encoding="utf-8") as f:
        return len(f.read())


# label: UNSAFE mutation
def write_and_remember(text):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "out.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        WRITTEN.append(os.path.basename(path))


# label: UNSAFE mutation
def load_into_settings():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "in.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write('{"name": "loaded", "level": 3}')
        with open(path, encoding="utf-8") as f:
            SETTINGS.update(json.load(f))


# label: UNSAFE call
def chdir_and_write():
    with tempfile.TemporaryDirectory() as d:
        os.chdir(d)
        with open("relative.txt", "w", encoding="utf-8") as f:
            f.write("x")


def spawn(ex):
    ex.submit(write_and_read, "abc").result()
    for fn in (json_roundtrip, pathlib_write, named_tempfile,
               list_created_files, read_own_source, load_into_settings,
               chdir_and_write):
        ex.submit(fn).result()
    ex.submit(write_and_remember, "abc").result()
