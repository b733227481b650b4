#!/usr/bin/env python3
"""Checks parse-gtfs output against an independent reading of the same feed with Python's zipfile and csv modules.

usage: parse_gtfs_check.py FEED STREAM [--encoding latin1]

FEED is the zip or folder parse-gtfs read; STREAM its record stream output (read with examples/recpipe.py). Every
table of the stream is compared with its file, value by value: strings as they are, numbers, times (H:MM:SS to
seconds) and dates (YYYYMMDD to days since 1970-01-01) converted here. Rows that the notices table names are
compared only as being there. Prints "TABLE ROWS" per table; exits 1 with the differences on stderr.
"""

import csv
import datetime
import io
import os
import sys
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples"))
import recpipe  # noqa: E402

TIME_COLUMNS = {"arrival_time", "departure_time", "start_time", "end_time", "start_pickup_drop_off_window",
                "end_pickup_drop_off_window", "prior_notice_last_time", "prior_notice_start_time"}
DATE_COLUMNS = {"start_date", "end_date", "date", "feed_start_date", "feed_end_date"}
# A few columns whose type the reference fixes, to check that parse-gtfs typed them.
EXPECTED_TYPES = {("stops", "stop_lat"): "f64", ("stops", "stop_lon"): "f64", ("routes", "route_type"): "i16",
                  ("stop_times", "stop_sequence"): "i32", ("stop_times", "arrival_time"): "i32",
                  ("stop_times", "pickup_type"): "i8", ("shapes", "shape_pt_lat"): "f64",
                  ("calendar", "start_date"): "i32", ("trips", "trip_id"): "string", ("stops", "stop_id"): "string"}
EPOCH = datetime.date(1970, 1, 1)


def feed_files(path):
    """{file name: bytes} of the feed's folder (the shallowest folder of a zip holding .txt files; a zip in a zip)."""
    if os.path.isdir(path):
        return {n: open(os.path.join(path, n), "rb").read() for n in sorted(os.listdir(path))
                if os.path.isfile(os.path.join(path, n))}
    data = open(path, "rb").read()
    for _ in range(3):
        z = zipfile.ZipFile(io.BytesIO(data))
        names = [n for n in z.namelist() if not n.endswith("/") and not n.startswith("__MACOSX/")]
        txt = [n for n in names if n.lower().endswith(".txt")]
        if txt:
            folder = min((n.rsplit("/", 1)[0] + "/" if "/" in n else "" for n in txt), key=lambda d: d.count("/"))
            return {n[len(folder):]: z.read(n) for n in names if n.startswith(folder) and "/" not in n[len(folder):]}
        inner = [n for n in names if n.lower().endswith(".zip")]
        if len(inner) != 1:
            return {}
        data = z.read(inner[0])
    return {}


def rows_with_lines(text):
    """(first line, row) for each non-blank row, lines counted by line feeds as parse-gtfs counts them."""
    lines = text.split("\n")
    lines = [l + "\n" for l in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    reader = csv.reader(lines)
    prev = 0
    for row in reader:
        first = prev + 1
        prev = reader.line_num
        if row:
            yield first, row


def expected_value(table, column, type_name, text):
    if text is None:
        return None
    if type_name in ("string", "bytes"):
        return text
    v = text.strip(" \t")
    if v == "":
        return None
    if type_name in ("f32", "f64"):
        return float(v)
    if column in TIME_COLUMNS:
        h, m, s = v.split(":")
        return int(h) * 3600 + int(m) * 60 + int(s)
    if column in DATE_COLUMNS:
        return (datetime.date(int(v[:4]), int(v[4:6]), int(v[6:8])) - EPOCH).days
    return int(v)


def main(argv):
    feed, stream = argv[1], argv[2]
    encoding = "latin-1" if "--encoding" in argv and argv[argv.index("--encoding") + 1] == "latin1" else "utf-8-sig"
    files = feed_files(feed)
    reader = recpipe.Reader(open(stream, "rb"))
    tables = {}
    for table, record in reader:
        tables.setdefault(table, []).append(record)
    schemas = {s.name: s for s in reader.tables.values()}
    noticed = {(n["file"], n["line"]) for n in tables.get("notices", [])}
    errors = []
    for name, schema in schemas.items():
        if name == "notices":
            continue
        records = tables.get(name, [])
        print(name, len(records))
        raw = files.get(name + ".txt")
        if raw is None:
            errors.append(f"{name}: no {name}.txt in the feed")
            continue
        # --encoding latin1 reads a file that starts with a UTF-8 byte-order mark as UTF-8
        text = raw.decode("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else encoding)
        rows = list(rows_with_lines(text))
        header = [h.strip(" \t") or f"column_{i + 1}" for i, h in enumerate(rows[0][1])] if rows else []
        body = rows[1:]
        names = [f.name for f in schema.fields]
        types = {f.name: f.type for f in schema.fields}
        if body or header:
            if names != header:
                errors.append(f"{name}: fields {names}, header {header}")
                continue
        for (t, c), want in EXPECTED_TYPES.items():
            if t == name and c in types and types[c] != want:
                errors.append(f"{name}.{c}: type {types[c]}, expected {want}")
        if len(records) != len(body):
            errors.append(f"{name}: {len(records)} records, Python's csv reads {len(body)} rows")
            continue
        bad = 0
        for (line, row), record in zip(body, records):
            if (name + ".txt", line) in noticed:
                continue
            for i, column in enumerate(names):
                want = expected_value(name, column, types[column], row[i] if i < len(row) else None)
                got = record[column]
                if got != want:
                    bad += 1
                    if bad <= 5:
                        errors.append(f"{name}.txt:{line}: {column}: parse-gtfs {got!r}, Python {want!r}")
        if bad > 5:
            errors.append(f"{name}: {bad} differing values in all")
    for e in errors:
        print("parse_gtfs_check:", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
