"""Calls into C extension modules (zlib and binascii are configured as such)."""
import binascii
import binascii as ba
import zlib
from zlib import adler32

PAYLOAD = b"hello corpus " * 8


def _checksum(data):
    return zlib.crc32(data)


def _py_adler(data):
    a, b = 1, 0
    for byte in data:
        a = (a + byte) % 65521
        b = (b + a) % 65521
    return (b << 16) | a


# label: UNSAFE call
def compress():
    return zlib.compress(PAYLOAD)


# label: UNSAFE call
def crc():
    return zlib.crc32(PAYLOAD)


# label: UNSAFE call
def from_import_adler():
    return adler32(PAYLOAD)


# label: UNSAFE call
def aliased_module_hexlify():
    return ba.hexlify(PAYLOAD[:4])


# label: UNSAFE call
def binascii_crc():
    return binascii.crc32(PAYLOAD)


# label: UNSAFE call
def roundtrip():
    return zlib.decompress(zlib.compress(PAYLOAD)) == PAYLOAD


# label: UNSAFE call
def compressor_object():
    c = zlib.compressobj()
    return c.compress(PAYLOAD) + c.flush()


# label: UNSAFE call
def via_helper():
    return _checksum(PAYLOAD)


# label: UNSAFE call
def function_alias():
    f = zlib.crc32
    return f(PAYLOAD)


# label: UNSAFE call
def unhexlify(text):
    return binascii.unhexlify(text)


# label: SAFE
def python_checksum():
    return _py_adler(PAYLOAD)


# label: SAFE
def bytes_hex():
    return PAYLOAD[:4].hex()


# label: SAFE
def bytes_fromhex(text):
    return bytes.fromhex(text)


# label: SAFE
def int_from_bytes():
    return int.from_bytes(PAYLOAD[:4], "big")


# label: SAFE
def sizes():
    return len(PAYLOAD), PAYLOAD.count(b"o")


def spawn(ex):
    for fn in (compress, crc, from_import_adler, aliased_module_hexlify,
               binascii_crc, roundtrip, compressor_object, via_helper,
               function_alias, python_checksum, bytes_hex, int_from_bytes,
               sizes):
        ex.submit(fn).result()
    list(ex.map(unhexlify, ["6869", "6f6b"]))
    list(ex.map(bytes_fromhex, ["6869", "6f6b"]))
