"""Interpreter-wide settings: logging, warnings, gc, socket timeout, limits."""
import gc
import logging
import os
import socket
import sys
import warnings

LOG = logging.getLogger(__name__)


# label: UNSAFE call
def configure_logging():
    logging.basicConfig(level=logging.INFO)


# label: UNSAFE call
def disable_logging():
    logging.disable(logging.CRITICAL)


# label: UNSAFE call
def silence_warnings():
    warnings.simplefilter("ignore")


# label: UNSAFE call
def filter_deprecations():
    warnings.filterwarnings("ignore", category=DeprecationWarning)


# label: UNSAFE call
def set_socket_timeout():
    socket.setdefaulttimeout(3.5)


# label: UNSAFE call
def disable_gc():
    gc.disable()


# label: UNSAFE call
def tune_gc():
    gc.set_threshold(1000, 20, 20)


# label: UNSAFE call
def raise_recursion_limit():
    sys.setrecursionlimit(sys.getrecursionlimit() + 100)


# label: UNSAFE call
def set_switch_interval():
    sys.setswitchinterval(0.001)


# label: UNSAFE call
def tighten_umask():
    return os.umask(0o077)


# label: SAFE
def log_info(x):
    logging.getLogger(__name__).info("working on %s", x)
    return x


# label: SAFE
def module_logger_debug():
    LOG.debug("debug message")
    return LOG.getEffectiveLevel()


# label: SAFE
def read_runtime():
    return (gc.isenabled(), gc.get_threshold(), sys.getrecursionlimit(),
            socket.getdefaulttimeout(), sys.getswitchinterval())


# label: SAFE
def count_filters():
    return len(warnings.filters)


def spawn(ex):
    for fn in (module_logger_debug, read_runtime, count_filters,
               configure_logging, disable_logging, silence_warnings,
               filter_deprecations, set_socket_timeout, disable_gc, tune_gc,
               raise_recursion_limit, set_switch_interval, tighten_umask):
        ex.submit(fn).result()
    ex.submit(log_info, 1).result()
