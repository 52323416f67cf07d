"""The read-only search index the main thread builds before serving.

After :func:`build_index` returns, nothing writes to an :class:`Index`:
request handlers on worker threads only read it, which is what makes them
parallel-safe in the PyParallel sense.
"""

from array import array


class Index:
    """Sorted title keys plus parallel arrays.

    ``keys[i]`` is the casefolded title used for searching (sorted),
    ``titles[i]`` the title as written, ``offsets[i]`` (``array('q')``) the
    byte offset of its record in ``data_path``."""

    def __init__(self, data_path, keys, titles, offsets):
        self.data_path = data_path
        self.keys = keys
        self.titles = titles
        self.offsets = offsets

    def __len__(self):
        return len(self.keys)


def build_index(data_path):
    """Scan the article file once and build the index (main thread only)."""
    rows = []
    offset = 0
    with open(data_path, "rb") as f:
        for record in f:
            title = record.split(b"\t", 1)[0].decode("utf-8")
            rows.append((title.casefold(), title, offset))
            offset += len(record)
    rows.sort()
    keys = [row[0] for row in rows]
    titles = [row[1] for row in rows]
    offsets = array("q", [row[2] for row in rows])
    return Index(data_path, keys, titles, offsets)
