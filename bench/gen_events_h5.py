#!/usr/bin/env python3
"""Builds a large uncompressed HDF5 event file (/events/{x u16, y u16, t i64, p i8}, contiguous, evlib's layout)
by repeating real events with advancing time.

    gen_events_h5.py EVENTS.csv OUT.h5 COPIES

EVENTS.csv is parse-events --to csv output (t,x,y,p). The columns are written as raw binary files and put into
HDF5 by h5import (Debian package hdf5-tools). Standard library only.
"""
import array
import os
import subprocess
import sys
import tempfile


def main():
    src, out, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
    t, x, y, p = array.array("q"), array.array("H"), array.array("H"), array.array("b")
    with open(src) as f:
        next(f)
        for line in f:
            a, b, c, d = line.split(",")
            t.append(int(a)), x.append(int(b)), y.append(int(c)), p.append(int(d))
    span = t[-1] - t[0] + 1
    n = len(t) * copies
    with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(out))) as tmp:
        args = ["h5import"]
        for name, column, cls, bits in (("x", x, "UIN", 16), ("y", y, "UIN", 16), ("p", p, "IN", 8), ("t", None, "IN", 64)):
            path = os.path.join(tmp, name + ".bin")
            with open(path, "wb") as f:
                if column is not None:
                    data = column.tobytes()
                    for _ in range(copies):
                        f.write(data)
                else:
                    for k in range(copies):
                        shifted = array.array("q", (v + k * span for v in t))
                        shifted.tofile(f)
            conf = os.path.join(tmp, name + ".conf")
            with open(conf, "w") as f:
                f.write("PATH /events/%s\nINPUT-CLASS %s\nINPUT-SIZE %d\nINPUT-BYTE-ORDER LE\nRANK 1\n"
                        "DIMENSION-SIZES %d\nOUTPUT-CLASS %s\nOUTPUT-SIZE %d\nOUTPUT-ARCHITECTURE STD\n"
                        "OUTPUT-BYTE-ORDER LE\n" % (name, cls, bits, n, cls, bits))
            args += [path, "-c", conf]
        subprocess.run(args + ["-o", out], check=True)


if __name__ == "__main__":
    main()
