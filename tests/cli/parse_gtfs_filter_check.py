#!/usr/bin/env python3
"""Checks parse-gtfs' filters against a subset of the feed computed here from Python's csv reading of it.

usage: parse_gtfs_filter_check.py FEED STREAM [--dates A:B] [--routes R,...] [--agency A]   (dates as YYYYMMDD)

The trips kept: of the routes named (or of the agency's routes), running on a day of A..B (calendar weekdays
within start_date..end_date, then calendar_dates: 1 adds the day, 2 removes it). Then their stop_times and
frequencies, their routes, agencies, services (calendar, calendar_dates), shapes, and the stops their stop times
call at with those stops' parent stations. Compares every row of the stream with the rows of the feed it should
keep, table by table (tables the filters do not touch must be whole).
"""
import csv
import datetime
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples"))
import recpipe  # noqa: E402
from parse_gtfs_check import feed_files  # noqa: E402


def rows(raw):
    text = raw.decode("utf-8-sig")
    r = [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    header = [h.strip() for h in r[0]] if r else []
    return [dict(zip(header, row + [""] * (len(header) - len(row)))) for row in r[1:]]


def day(s):
    return datetime.date(int(s[:4]), int(s[4:6]), int(s[6:8]))


def main(argv):
    feed, stream = argv[1], argv[2]
    opts = dict(zip(argv[3::2], argv[4::2]))
    f = {n[:-4]: rows(b) for n, b in feed_files(feed).items() if n.endswith(".txt")}
    routes = f.get("routes", [])
    agencies = f.get("agency", [])
    only_agency = agencies[0].get("agency_id", "") if len(agencies) == 1 else None
    owner = {r["route_id"]: (r.get("agency_id") or only_agency) for r in routes}
    cand = {r["route_id"] for r in routes}
    if "--routes" in opts:
        cand &= set(opts["--routes"].split(","))
    if "--agency" in opts:
        cand = {r for r in cand if owner[r] == opts["--agency"]}
    services = None
    if "--dates" in opts:
        a, b = (day(x) for x in opts["--dates"].split(":"))
        on = {}
        names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        for c in f.get("calendar", []):
            d = max(a, day(c["start_date"]))
            while d <= min(b, day(c["end_date"])):
                if c[names[d.weekday()]] == "1":
                    on.setdefault(c["service_id"], set()).add(d)
                d += datetime.timedelta(days=1)
        for c in f.get("calendar_dates", []):
            d = day(c["date"])
            if a <= d <= b:
                s = on.setdefault(c["service_id"], set())
                if c["exception_type"] == "1":
                    s.add(d)
                elif c["exception_type"] == "2":
                    s.discard(d)
        services = {k for k, v in on.items() if v}
    trips = [t for t in f.get("trips", []) if t["route_id"] in cand and (services is None or t["service_id"] in services)]
    keep = {"trips": ("trip_id", {t["trip_id"] for t in trips})}
    keep["stop_times"] = keep["frequencies"] = keep["trips"]
    keep["routes"] = ("route_id", {t["route_id"] for t in trips})
    keep["agency"] = ("agency_id", {owner[r] for r in keep["routes"][1]})
    keep["calendar"] = keep["calendar_dates"] = ("service_id", {t["service_id"] for t in trips})
    keep["shapes"] = ("shape_id", {t.get("shape_id", "") for t in trips} - {""})
    stops = {s["stop_id"] for s in f.get("stop_times", []) if s["trip_id"] in keep["trips"][1]}
    parent = {s["stop_id"]: s.get("parent_station", "") for s in f.get("stops", [])}
    work = list(stops)
    while work:
        p = parent.get(work.pop(), "")
        if p and p not in stops:
            stops.add(p)
            work.append(p)
    keep["stops"] = ("stop_id", stops)

    got = {}
    for name, rec in recpipe.read_stream(open(stream, "rb")):
        got.setdefault(name, []).append(rec)
    bad = 0
    for name, src in f.items():
        column, ids = keep.get(name, (None, None))
        want = [r for r in src if column is None or column not in r or r[column] in ids]
        have = got.get(name, [])
        if len(want) != len(have):
            print(f"{name}: {len(have)} rows, expected {len(want)}", file=sys.stderr)
            bad += 1
        elif column and column in (src[0] if src else {}) and [r[column] for r in want] != [r[column] for r in have]:
            print(f"{name}: other rows than expected", file=sys.stderr)
            bad += 1
    print("trips kept", len(trips), "stops kept", len(stops))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
