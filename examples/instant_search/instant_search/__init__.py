"""instant_search: a small PyParallel-style "instant search" server.

The main thread generates a synthetic article file and builds a large
read-only index (``index.py``); request handlers (``handlers.py``) run on
worker threads through the pxlint reference runtime, lock-free when pxlint
proved them parallel-safe, serialized otherwise.  ``demo.py`` is the load
driver: ``python3 -m instant_search.demo --whitelist FILE``.
"""
