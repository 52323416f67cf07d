"""Writing a file object through a library call: print(file=f) and
json.dump(obj, f) call f.write(), which mutates an in-memory buffer the main
thread holds, as writing through a module's csv writer does; the standard
streams are I/O."""
import csv
import io
import json
import sys

BUFFER = io.StringIO()
ROWS = csv.writer(BUFFER)


# label: UNSAFE mutation
def print_to_shared_buffer(x):
    print(x, file=BUFFER)


# label: UNSAFE mutation
def dump_to_shared_buffer(x):
    json.dump({"x": x}, BUFFER)


# label: UNSAFE mutation
def write_shared_rows(x):
    ROWS.writerow([x])


# label: SAFE
def write_own_rows(x):
    out = io.StringIO()
    csv.writer(out).writerow([x])
    return out.getvalue()


# label: SAFE
def print_to_own_buffer(x):
    out = io.StringIO()
    print(x, file=out)
    return out.getvalue()


# label: SAFE
def dump_to_own_buffer(x):
    out = io.StringIO()
    json.dump({"x": x}, out)
    return out.getvalue()


# label: SAFE
def print_to_stderr(x):
    print(x, file=sys.stderr)
    sys.stderr.flush()


def spawn(ex):
    for fn in (print_to_shared_buffer, dump_to_shared_buffer, write_shared_rows, write_own_rows,
               print_to_own_buffer, dump_to_own_buffer, print_to_stderr):
        ex.submit(fn, 1).result()
