#!/usr/bin/env python3
"""Writes night1.list.xz and night2.list.xz, two nightly GPFS mmapplypolicy LIST listings (keyvalue dialect) of
one fileset (standard library; the same bytes every time).

Night 1 is ../shared/scripts/synth-gpfs-list.py --dirs 30 --seed 3 --hard-case-rate 0.03 --scan-date 2026-01-11
(hard cases: spaces, UTF-8, invalid bytes, ' -- ', '=', '%', tabs in names; hard links; symlinks). Night 2 is an
edited copy, as a day of use leaves it: of the files that are not hard links, 4% are gone and 15% have grown
(1.5 to 4 times), 40 new files sit in existing directories and one new directory holds 12 more.

  python3 make_data.py ../../../shared/scripts/synth-gpfs-list.py      # from examples/storage
"""

import lzma
import random
import re
import subprocess
import sys

LINE = re.compile(rb"^<(\d+)> (\d+) (\d+) (\d+)  s=(\d+) a=(\d+) (u=.* p=(\S+) ac=)(.{19})( mt=)(.{19})(.* nl=)(\d+)"
                  rb"( -- )(.*)$", re.S)


def edited(lines, rng):
    """Night 2 from night 1's lines."""
    parsed = [(line, LINE.match(line[:-1] if line.endswith(b"\n") else line)) for line in lines]
    entries = [m for _, m in parsed if m]
    next_inode = max(int(m.group(2)) for m in entries) + 1
    dirs = [m.group(15) for m in entries if m.group(8).startswith(b"d")]
    plain = [m for m in entries if m.group(8).startswith(b"-") and m.group(13) == b"1"]
    out = []
    for line, m in parsed:
        if not m or not m.group(8).startswith(b"-") or m.group(13) != b"1":
            out.append(line)
            continue
        r = rng.random()
        if r < 0.04:
            continue  # deleted
        if r < 0.19:
            size = int(int(m.group(5)) * rng.uniform(1.5, 4.0)) + 1
            line = b"<%s> %s %s %s  s=%d a=%d %s2026-01-12 03:%02d:00%s2026-01-12 03:%02d:00%s%s%s%s\n" % (
                m.group(1), m.group(2), m.group(3), m.group(4), size, (size + 1023) // 1024, m.group(7),
                rng.randrange(60), m.group(10), rng.randrange(60), m.group(12), m.group(13), m.group(14),
                m.group(15))
        out.append(line)

    def new_file(directory, name):
        nonlocal next_inode
        template = rng.choice(plain)
        size = rng.randrange(0, 5 << 20)
        next_inode += 1
        return b"<%s> %d %d 0  s=%d a=%d %s2026-01-12 02:00:00%s2026-01-12 02:00:00%s1 -- %s/%s\n" % (
            template.group(1), next_inode, rng.randrange(1 << 30), size, (size + 1023) // 1024, template.group(7),
            template.group(10), template.group(12), directory, name)

    for i in range(40):
        out.append(new_file(rng.choice(dirs), b"new_%02d.nc" % i))
    parent = rng.choice(dirs)
    next_inode += 1
    out.append(b"<1> %d 77 0  s=4096 a=16 u=1000 g=101 m=FAu p=drwxr-xr-x ac=2026-01-12 01:00:00 "
               b"mt=2026-01-12 01:00:00 cr=2026-01-12 01:00:00 nl=2 -- %s/run_2026-01-12\n" % (next_inode, parent))
    for i in range(12):
        out.append(new_file(parent + b"/run_2026-01-12", b"hist_%02d.nc" % i))
    return out


def main(synth):
    night1 = subprocess.run([sys.executable, synth, "--dirs", "30", "--seed", "3", "--hard-case-rate", "0.03",
                             "--scan-date", "2026-01-11"], check=True, capture_output=True).stdout
    lines = night1.splitlines(keepends=True)
    night2 = b"".join(edited(lines, random.Random(12)))
    for name, data in (("night1.list.xz", night1), ("night2.list.xz", night2)):
        with open(name, "wb") as f:
            f.write(lzma.compress(data, preset=9))


if __name__ == "__main__":
    main(sys.argv[1])
