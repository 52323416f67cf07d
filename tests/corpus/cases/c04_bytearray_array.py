"""Mutable byte buffers and arrays built on the main thread."""
import array

BUF = bytearray(b"hello world")
HEADER = bytearray(8)
TAIL = bytearray(b"end")
SAMPLES = array.array("i", [1, 2, 3])
WEIGHTS = array.array("d", [0.5, 0.25])


# label: UNSAFE mutation
def shout_prefix():
    BUF[0:5] = b"HELLO"


# label: UNSAFE mutation
def set_header_byte():
    HEADER[0] = 255


# label: UNSAFE mutation
def extend_tail():
    TAIL.extend(b"!!")


# label: UNSAFE mutation
def grow_tail():
    global TAIL
    TAIL += b"?"


# label: UNSAFE mutation
def add_sample(x):
    SAMPLES.append(x)


# label: UNSAFE mutation
def scale_weight():
    WEIGHTS[0] = WEIGHTS[0] * 2


# label: SAFE
def upper_copy():
    return bytes(BUF).upper()


# label: SAFE
def patched_copy():
    b = bytearray(BUF)
    b[0:5] = b"HELLO"
    b.extend(b"!")
    return bytes(b)


# label: SAFE
def decoded():
    return BUF.decode("ascii").split()


# label: SAFE
def sample_total():
    return sum(SAMPLES.tolist())


# label: SAFE
def sample_copy_append(x):
    a = array.array("i", SAMPLES)
    a.append(x)
    return a.tolist()


# label: SAFE
def concat_then_mutate():
    b = TAIL + b"-x"
    b[0] = ord("E")
    return bytes(b)


def spawn(ex):
    safe = [upper_copy, patched_copy, decoded, sample_total, concat_then_mutate]
    for fut in [ex.submit(fn) for fn in safe]:
        fut.result()
    ex.submit(sample_copy_append, 7).result()
    for fn in (shout_prefix, set_header_byte, extend_tail, grow_tail, scale_weight):
        ex.submit(fn).result()
    ex.submit(add_sample, 4).result()
