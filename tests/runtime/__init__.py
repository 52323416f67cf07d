"""Tests of the pxlint reference runtime (runtime/) and the instant_search
example (examples/instant_search/).  Run from the repo root with
``python3 -m unittest discover -s tests/runtime -t .``."""
