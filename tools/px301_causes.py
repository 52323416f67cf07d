#!/usr/bin/env python3
"""The most frequent PX301 causes in a `--format concise` report: each
message is reduced to the first name it mentions (or the message itself
when it names none). Usage: px301_causes.py REPORT [N]"""
import collections
import re
import sys


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    counts = collections.Counter()
    templates = collections.defaultdict(collections.Counter)
    sites = collections.defaultdict(set)
    total = 0
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            m = re.match(r"(.*?:\d+:\d+): PX301 .*?cannot be proven safe: (.*)$", line.rstrip("\n"))
            if not m:
                continue
            total += 1
            site, msg = m.groups()
            names = re.findall(r"`([^`]*)`", msg)
            key = names[0] if names else msg
            counts[key] += 1
            templates[key][re.sub(r"`[^`]*`", "`X`", msg)] += 1
            sites[key].add(site)
    print("total", total)
    for i, (key, c) in enumerate(counts.most_common(n), 1):
        shapes = "; ".join("%d× %s" % (v, t[:70]) for t, v in templates[key].most_common(3))
        print("%3d %7d sites=%5d  %s   [%s]" % (i, c, len(sites[key]), key, shapes))


if __name__ == "__main__":
    main()
