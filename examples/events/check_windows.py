#!/usr/bin/env python3
"""Checks the windows that pack -d --where loaded against the reference decode of the whole recording.

    check_windows.py REFERENCE.csv.gz CONTAINER A:B PREFIX [A:B PREFIX]...

REFERENCE is Prophesee's own decode (OpenEB) of the recording: a `%geometry:W,H` line, then `x,y,p,t` per event in
stream order. For each window A:B (A <= t < B, either end may be empty), PREFIX.tsv (pack's output: a header, then
t x y p) must hold exactly the reference's events of that window, in order; the count and the sums are printed.
PREFIX.json (pack's --stats) must show that fewer bytes were read than the container holds: the index was used.
Standard library only; exits 1 on the first difference.
"""
import csv
import gzip
import json
import os
import sys


def read_reference(path):
    with gzip.open(path, "rt", newline="") as f:
        rows = [r for r in csv.reader(f) if r and not r[0].startswith("%")]
    return [(int(t), int(x), int(y), int(p)) for x, y, p, t in rows]


def read_window(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    if not rows or rows[0] != ["t", "x", "y", "p"]:
        sys.exit("%s: expected the header t x y p, found %r" % (path, rows[:1]))
    return [tuple(int(v) for v in r) for r in rows[1:]]


def figures(events):
    return "%5d events, sum t %13d, sum x %9d, sum y %8d, ON %5d" % (
        len(events), sum(e[0] for e in events), sum(e[1] for e in events), sum(e[2] for e in events),
        sum(1 for e in events if e[3] > 0))


def main(reference, container, *windows):
    if not windows or len(windows) % 2:
        sys.exit(__doc__)
    events = read_reference(reference)
    size = os.path.getsize(container)
    print("reference: %s (%s)" % (reference, figures(events).strip()))
    for spec, prefix in zip(windows[::2], windows[1::2]):
        a, b = spec.split(":")
        lo = int(a) if a else -(1 << 63)
        hi = int(b) if b else 1 << 63
        want = [e for e in events if lo <= e[0] < hi]
        got = read_window(prefix + ".tsv")
        print("t=%-17s reference: %s" % (spec, figures(want)))
        print("%-19s pack -d:   %s" % ("", figures(got)))
        if not want:
            sys.exit("window %s: the reference has no events there; choose a window inside the recording" % spec)
        if got != want:
            diff = next((i for i, (g, w) in enumerate(zip(got, want)) if g != w), min(len(got), len(want)))
            sys.exit("window %s: %s differs from the reference at event %d" % (spec, prefix + ".tsv", diff))
        with open(prefix + ".json") as f:
            read = json.load(f)["bytes_in"]
        print("%-19s read %d of the container's %d bytes" % ("", read, size))
        if not 0 < read < size:
            sys.exit("window %s: pack read %d of %d bytes, not a part of the container" % (spec, read, size))
    print("all %d windows equal the reference" % (len(windows) // 2))


if __name__ == "__main__":
    main(*sys.argv[1:])
