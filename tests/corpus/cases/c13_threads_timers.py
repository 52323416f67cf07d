"""Callbacks started with threading.Thread, threading.Timer and Thread.run."""
import threading

EVENTS = []
STATUS = {"ok": True}


class Worker(threading.Thread):
    def __init__(self, n):
        super().__init__()
        self.n = n
        self.result = None

    # label: UNSAFE mutation
    def run(self):
        self.result = self.n * 2


class Reporter(threading.Thread):
    def __init__(self, words):
        super().__init__()
        self.words = words

    # label: SAFE
    def run(self):
        text = "-".join(w.upper() for w in self.words)
        return text


class Poller:
    def __init__(self):
        self.polls = 0

    # label: UNSAFE mutation
    def poll(self):
        self.polls += 1

    # label: SAFE
    def status(self):
        return "polled %d" % self.polls


POLLER = Poller()


# label: UNSAFE mutation
def record_event(x):
    EVENTS.append(x)


# label: UNSAFE mutation
def set_status(key=None, value=None):
    STATUS[key] = value


# label: UNSAFE mutation
def timer_event(x):
    EVENTS.insert(0, x)


# label: SAFE
def timer_double(x):
    return x * 2


# label: SAFE
def add(a, b):
    return a + b


# label: SAFE
def count_events():
    return len(EVENTS)


# label: SAFE
def read_status(key="ok"):
    return STATUS.get(key)


def _run(thread):
    thread.start()
    thread.join()


def spawn(ex):
    _run(threading.Thread(target=add, args=(1, 2)))
    _run(threading.Thread(target=count_events))
    _run(threading.Thread(target=read_status, kwargs={"key": "ok"}))
    _run(threading.Timer(0, timer_double, args=(3,)))
    _run(Reporter(["a", "b"]))
    _run(threading.Thread(target=POLLER.status))
    _run(threading.Thread(target=record_event, args=(1,)))
    _run(threading.Thread(target=set_status, kwargs={"key": "ok", "value": False}))
    _run(threading.Timer(0, timer_event, args=[2]))
    _run(Worker(21))
    _run(threading.Thread(target=POLLER.poll, daemon=True))
