"""Reporting whether this interpreter runs with a GIL."""

import sys
import sysconfig


def is_free_threaded_build():
    """True on a free-threaded CPython build (3.13t and later)."""
    return bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


def gil_enabled():
    """True when a GIL serializes Python threads right now.

    Uses ``sys._is_gil_enabled()`` where it exists (CPython 3.13+); a
    free-threaded build can still run with the GIL (``PYTHON_GIL=1``, or an
    extension module that does not declare free-threading support)."""
    probe = getattr(sys, "_is_gil_enabled", None)
    if probe is not None:
        return bool(probe())
    return not is_free_threaded_build()


def gil_status():
    """One line for people: is this interpreter free-threaded, and is the GIL
    on?"""
    if not is_free_threaded_build():
        return "GIL enabled (not a free-threaded build)"
    if gil_enabled():
        return ("GIL enabled (free-threaded build, but the GIL was turned on "
                "at run time: PYTHON_GIL=1 or an extension re-enabled it)")
    return "GIL disabled (free-threaded build)"
