#!/usr/bin/env python3
"""Independent check of a scan2db database: recomputes every figure from the listing in plain Python (regular
expressions per dialect, urllib for percent-decoding, dicts keyed by path) and compares row by row.

usage: scan2db_check.py LISTING DATABASE DIALECT
Definitions (scan2db(1) STATISTICS): files are every non-directory entry; a hard-linked inode's bytes count once,
at its path in the directory first in path order; owners are over every entry below a directory."""
import datetime as dt
import re
import sqlite3
import sys
from urllib.parse import unquote_to_bytes

KV = re.compile(rb"^(?:<\d+> )?(\d+) (\d+) (\d+) +s=(\d+) a=(\d+) u=(\d+) g=(\d+) m=\S* p=(\S+) "
                rb"ac=(\S+ \S+) mt=(\S+ \S+) cr=(\S+ \S+) nl=(\d+) -- (.*)$", re.S)
ESC = re.compile(rb"^(\d+) (\d+) (\d+) +(\S+) -- (\S+)$", re.S)
DEF = re.compile(rb"^(\d+) (\d+) (\d+) +(\d+) (\d+) -- (.*)$", re.S)
AGE_EDGES = [30, 90, 180, 365, 730, 1095, 1460, 2190, 2555]
SIZE_EDGES = [1 << 10, 10 << 10, 100 << 10, 1 << 20, 10 << 20, 100 << 20, 1 << 30, 10 << 30, 100 << 30]
EPOCH = dt.datetime(1970, 1, 1)


def t(text):
    text = text.decode()
    fmt = "%Y-%m-%d %H:%M:%S.%f" if "." in text else "%Y-%m-%d %H:%M:%S"
    return dt.datetime.strptime(text, fmt)


def read(listing, dialect):
    entries = []  # dicts
    generated = None
    for raw in open(listing, "rb").read().split(b"\n"):
        if not raw:
            continue
        if dialect == "escaped" and raw.startswith(b"#"):
            if raw.startswith(b"# generated: "):
                generated = dt.datetime.strptime(raw[13:].decode(), "%Y-%m-%dT%H:%M:%SZ")
            continue
        if dialect == "keyvalue" and raw.startswith(b"["):
            continue
        if dialect == "keyvalue":
            m = KV.match(raw)
            ino, gen, _, s, a, u, g, p, ac, mt, cr, nl, path = m.groups()
            entries.append(dict(ino=int(ino), gen=int(gen), size=int(s), bytes=int(a) * 1024, uid=int(u), gid=int(g),
                                dir=p.startswith(b"d"), atime=t(ac), times=[t(ac), t(mt), t(cr)], nl=int(nl),
                                path=path))
        elif dialect == "escaped":
            m = ESC.match(raw)
            ino, gen, _, show, path = m.groups()
            f = unquote_to_bytes(show).split(b"|")
            assert len(f) == 10, raw
            entries.append(dict(ino=int(ino), gen=int(gen), size=int(f[0]), bytes=int(f[0]), uid=int(f[4]),
                                gid=int(f[5]), dir=f[6].startswith(b"d"), atime=t(f[2]),
                                times=[t(f[1]), t(f[2]), t(f[3])], nl=int(f[9]), path=unquote_to_bytes(path)))
        else:
            m = DEF.match(raw)
            ino, gen, _, s, nl, path = m.groups()
            entries.append(dict(ino=int(ino), gen=int(gen), size=int(s), bytes=int(s), uid=None, gid=None,
                                dir=None, atime=None, times=[], nl=int(nl), path=path))
    return entries, generated


def parent(p):
    return p[:p.rfind(b"/")] or b"/" if p != b"/" else None


def ancestors(p):
    while True:
        p = parent(p)
        if p is None:
            return
        yield p


def main():
    listing, database, dialect = sys.argv[1:4]
    entries, generated = read(listing, dialect)
    if dialect == "default":  # kinds from the tree: something below it, or nothing listed above it
        paths = {e["path"] for e in entries}
        has_child = {p for e in entries for p in ancestors(e["path"])}
        for e in entries:
            e["dir"] = e["path"] in has_child or not any(a in paths for a in ancestors(e["path"]))
    listed = {e["path"] for e in entries if e["dir"]}
    roots = {p for p in listed if not any(a in listed for a in ancestors(p))}

    def inside(p):
        return p in roots or any(a in roots for a in ancestors(p))

    dirs = set()
    for e in entries:
        for a in [e["path"]] if e["dir"] else []:
            pass
        chain = ([e["path"]] if e["dir"] else []) + list(ancestors(e["path"]))
        dirs.update(c for c in chain if inside(c))
    key = lambda p: [c for c in p.split(b"/")]
    # Hard links: bytes at the path whose directory comes first in path order.
    canonical = {}
    for i, e in enumerate(entries):
        if not e["dir"] and e["nl"] > 1:
            k = (e["ino"], e["gen"])
            if k not in canonical or key(parent(e["path"])) < key(parent(entries[canonical[k]]["path"])):
                canonical[k] = i
    nr = {d: dict(files=0, bytes=0, logical=0, atime=None, dirs=0, owners=set(), groups=set()) for d in dirs}
    for d in dirs:
        if d not in roots:
            nr[parent(d)]["dirs"] += 1
    owners = {}
    newest = max((x for e in entries for x in e["times"]), default=None)
    scan = generated or newest
    for i, e in enumerate(entries):
        par = parent(e["path"])
        counts = not e["dir"] and (e["nl"] <= 1 or canonical[(e["ino"], e["gen"])] == i)
        if e["dir"]:
            if par in nr and e["uid"] is not None:
                nr[par]["owners"].add(e["uid"])
                nr[par]["groups"].add(e["gid"])
            if e["uid"] is not None:
                owners.setdefault(e["uid"], dict(files=0, bytes=0, logical=0, dirs=0, sizes={}, ages={}))["dirs"] += 1
            continue
        assert par in nr, "outside the tree: %r" % e["path"]
        n = nr[par]
        n["files"] += 1
        if counts:
            n["bytes"] += e["bytes"]
            n["logical"] += e["size"]
        if e["atime"] is not None:
            n["atime"] = max(n["atime"] or e["atime"], e["atime"])
        if e["uid"] is None:
            continue
        n["owners"].add(e["uid"])
        n["groups"].add(e["gid"])
        o = owners.setdefault(e["uid"], dict(files=0, bytes=0, logical=0, dirs=0, sizes={}, ages={}))
        o["files"] += 1
        sb = sum(1 for edge in SIZE_EDGES if e["size"] >= edge)
        cb = o["sizes"].setdefault(sb, [0, 0])
        cb[0] += 1
        days = (scan.date() - e["atime"].date()).days
        ab = sum(1 for edge in AGE_EDGES if days >= edge)
        ca = o["ages"].setdefault(ab, [0, 0])
        ca[0] += 1
        if counts:
            o["bytes"] += e["bytes"]
            o["logical"] += e["size"]
            cb[1] += e["bytes"]
            ca[1] += e["bytes"]
    # Recursive figures: every directory adds its direct figures to itself and each ancestor inside the tree.
    r = {d: dict(files=0, bytes=0, logical=0, atime=None, dirs=0, owners=set(), groups=set()) for d in dirs}
    for d in dirs:
        for a in [d] + [x for x in ancestors(d) if x in dirs]:
            x, y = r[a], nr[d]
            for f in ("files", "bytes", "logical", "dirs"):
                x[f] += y[f]
            if y["atime"] is not None:
                x["atime"] = max(x["atime"] or y["atime"], y["atime"])
            x["owners"] |= y["owners"]
            x["groups"] |= y["groups"]

    def owner(s):
        return -1 if not s else (next(iter(s)) if len(s) == 1 else None)

    def ts(x):
        return None if x is None else x.strftime("%Y-%m-%d %H:%M:%S.%f").encode()

    expected = {}
    for d in dirs:
        a, b = nr[d], r[d]
        expected[d] = (a["files"], a["bytes"], ts(a["atime"]), a["dirs"], b["files"], b["bytes"], ts(b["atime"]),
                       b["dirs"], owner(b["owners"]), owner(b["groups"]), a["logical"], b["logical"])
    db = sqlite3.connect(database)
    db.text_factory = bytes
    got = {row[0]: tuple(row[1:]) for row in db.execute(
        "SELECT path, file_count_nr, total_size_nr, max_atime_nr, dir_count_nr, file_count_r, total_size_r, "
        "max_atime_r, dir_count_r, owner_uid, owner_gid, logical_size_nr, logical_size_r "
        "FROM paths JOIN directory_stats USING (dir_id)")}
    problems = 0
    for d in sorted(set(expected) | set(got)):
        if expected.get(d) != got.get(d):
            problems += 1
            if problems <= 5:
                print("MISMATCH %r\n  expected %r\n  got      %r" % (d, expected.get(d), got.get(d)))
    depth_ok = all(row[1] == len(row[0].split(b"/")) - 1 for row in db.execute(
        "SELECT path, depth FROM paths JOIN directories USING (dir_id)") if row[0] != b"/")
    if not depth_ok:
        problems += 1
        print("MISMATCH depth")
    got_owners = {row[0]: row[1:] for row in db.execute(
        "SELECT owner_uid, total_size, total_files, directory_count, logical_size FROM owner_summary")}
    exp_owners = {u: (o["bytes"], o["files"], o["dirs"], o["logical"]) for u, o in owners.items()}
    if got_owners != exp_owners:
        problems += 1
        print("MISMATCH owner_summary", got_owners, exp_owners)
    for table, field in (("size_histogram", "sizes"), ("access_histogram", "ages")):
        got_h = {(row[0], row[1]): row[2:] for row in db.execute(
            "SELECT owner_uid, bucket_index, file_count, total_size FROM " + table)}
        exp_h = {(u, b): tuple(v) for u, o in owners.items() for b, v in o[field].items()}
        if got_h != exp_h:
            problems += 1
            print("MISMATCH", table, sorted(got_h.items())[:5], sorted(exp_h.items())[:5])
    meta = db.execute("SELECT total_directories, total_files, total_size, total_logical_size FROM scan_metadata").fetchone()
    exp_meta = (len(dirs), sum(n["files"] for n in nr.values()), sum(n["bytes"] for n in nr.values()),
                sum(n["logical"] for n in nr.values()))
    if meta != exp_meta:
        problems += 1
        print("MISMATCH scan_metadata", meta, exp_meta)
    print("%s: %d directories, %d entries, %d problems" % (listing, len(dirs), len(entries), problems))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
