"""Callbacks run through loop.run_in_executor and asyncio.to_thread."""
import asyncio
import zlib

RESULTS = []
TOTALS = {"sum": 0}


# label: SAFE
def compute(x):
    return [x * i for i in range(3)]


# label: SAFE
def summarize(values):
    return {"n": len(values), "max": max(values)}


# label: UNSAFE mutation
def record(values):
    RESULTS.extend(values)


# label: UNSAFE mutation
def add_total(x):
    TOTALS["sum"] += x


# label: UNSAFE call
def pack(values):
    return zlib.compress(bytes(values))


# label: SAFE
def describe(values, sep=","):
    return sep.join(str(v) for v in values)


async def _main(loop, ex):
    values = await loop.run_in_executor(ex, compute, 2)
    await loop.run_in_executor(ex, summarize, values)
    await loop.run_in_executor(ex, record, values)
    await loop.run_in_executor(ex, pack, values)
    await asyncio.to_thread(add_total, 5)
    await asyncio.to_thread(describe, values, sep=";")


def spawn(ex):
    loop = asyncio.new_event_loop()
    try:
        loop.set_default_executor(ex)
        loop.run_until_complete(_main(loop, ex))
    finally:
        loop.close()
