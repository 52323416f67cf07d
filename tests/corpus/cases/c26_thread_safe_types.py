"""Thread-safe types used through their API are fine; a lock does not make mutation safe."""
import queue
import threading

RESULTS = queue.Queue()
STACK = queue.LifoQueue()
LOCK = threading.Lock()
RLOCK = threading.RLock()
DONE = threading.Event()
SLOTS = threading.Semaphore(2)
COND = threading.Condition()
SHARED = [1, 2]
COUNTS = {"n": 0}


# label: SAFE
def put_result(x):
    RESULTS.put(x * 2)


# label: SAFE
def put_fresh():
    STACK.put_nowait({"fresh": True})


# label: SAFE
def locked_read():
    with LOCK:
        return sum(SHARED)


# label: SAFE
def signal_done():
    DONE.set()


# label: SAFE
def semaphore_guarded():
    with SLOTS:
        return len(SHARED)


# label: SAFE
def reentrant_read():
    with RLOCK:
        with RLOCK:
            return SHARED[0]


# label: SAFE
def notify_waiters():
    with COND:
        COND.notify_all()


# label: UNSAFE mutation
def locked_append():
    with LOCK:
        SHARED.append(3)


# label: UNSAFE mutation
def reentrant_update():
    with RLOCK:
        COUNTS["n"] += 1


# label: UNSAFE mutation
def replace_queue():
    global RESULTS
    RESULTS = queue.Queue()


def spawn(ex):
    list(ex.map(put_result, [1, 2]))
    for fn in (put_fresh, locked_read, signal_done, semaphore_guarded,
               reentrant_read, notify_waiters):
        ex.submit(fn).result()
    drained = []
    while not RESULTS.empty():
        drained.append(RESULTS.get())
    for fn in (locked_append, reentrant_update, replace_queue):
        ex.submit(fn).result()
    return drained
