#!/usr/bin/env python3
"""Checks the storage example against sums computed here from the two listings (standard library).

  check.py NIGHT1.list.xz NIGHT2.list.xz GROWTH.csv

For each night, every directory's tree (the directory and all below it) gets its files (one per path) and
allocated bytes (a= KiB x 1024; a hard-linked inode's bytes once, at its path whose directory comes first in
path order), as scan2db(1) STATISTICS defines them; the directories are the listed ones and those between a root
(a listed directory with no listed directory above it) and a listed entry. GROWTH.csv must hold exactly the
directories whose tree changed, with both nights' bytes, the growth and the change in files, the most grown
first and equal growth by path.
"""

import csv
import io
import lzma
import re
import sys

LINE = re.compile(rb"^<\d+> (\d+) (\d+) \d+  s=\d+ a=(\d+) u=.* p=(\S+) ac=.* nl=(\d+) -- (.*)$", re.S)


def parent(path):
    return path[: path.rindex(b"/")]


def tree_figures(listing):
    """{directory path: [files, bytes]} of each directory's tree."""
    entries = []
    for line in lzma.decompress(open(listing, "rb").read()).split(b"\n"):
        m = LINE.match(line)
        if m:
            inode, gen, kib, mode, nlink, path = m.groups()
            entries.append((path, mode.startswith(b"d"), int(kib) * 1024, (inode, gen), int(nlink)))
    listed = {path for path, is_dir, *_ in entries if is_dir}

    def root_of(path):  # the highest listed directory at or above path
        root, p = None, path
        while p:
            if p in listed:
                root = p
            p = parent(p) if b"/" in p[1:] else b""
        return root

    figures = {}

    def add(directory, files, size):
        root = root_of(directory)
        d = directory
        while True:
            f = figures.setdefault(d, [0, 0])
            f[0] += files
            f[1] += size
            if d == root:
                return
            d = parent(d)

    for d in listed:
        add(d, 0, 0)
    # Hard links: the bytes go to the path whose directory is first in path order (component by component).
    first_dir = {}
    for path, is_dir, size, key, nlink in entries:
        if not is_dir and nlink > 1:
            d = parent(path).split(b"/")
            first_dir[key] = min(first_dir.get(key, d), d)
    for path, is_dir, size, key, nlink in entries:
        if is_dir:
            continue
        d = parent(path)
        counted = nlink <= 1 or d.split(b"/") == first_dir[key]
        if counted and nlink > 1:
            first_dir[key] = None  # once, even when two paths share the directory
        add(d, 1, size if counted else 0)
    return figures


def main(night1, night2, growth_csv):
    a, b = tree_figures(night1), tree_figures(night2)
    want = []
    for path in a.keys() | b.keys():
        fa, fb = a.get(path, [0, 0]), b.get(path, [0, 0])
        if fb[1] != fa[1] or fb[0] != fa[0]:
            want.append((-(fb[1] - fa[1]), path, fa[1], fb[1], fb[0] - fa[0]))
    want = [(path, b1, b2, -neg, files) for neg, path, b1, b2, files in sorted(want)]

    text = open(growth_csv, "rb").read().decode("utf-8", "surrogateescape")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if rows[0] != ["path", "bytes_night1", "bytes_night2", "growth", "new_files"]:
        sys.exit(f"check: {growth_csv}: header {rows[0]}")
    got = [(r[0].encode("utf-8", "surrogateescape"), int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows[1:]]
    if got != want:
        for g, w in zip(got + [None] * len(want), want + [None] * len(got)):
            if g != w:
                sys.exit(f"check: {growth_csv}: first difference: got {g}, Python has {w}")
    total = min(want, key=lambda w: len(w[0]))  # the root
    print(f"growth.csv: the {len(want)} directories whose tree changed, as Python sums them "
          f"({total[0].decode(errors='replace')}: {total[3]:+,} bytes, {total[4]:+} files)")


if __name__ == "__main__":
    main(*sys.argv[1:])
