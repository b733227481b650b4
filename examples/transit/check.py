#!/usr/bin/env python3
"""Checks the transit example against the feed read here with Python's zipfile and csv (standard library).

  check.py FEED DATE STOP AFTER N DAY.sqlite DEPARTURES.tsv FEED.rpk

- DAY.sqlite holds exactly the trips whose service runs on DATE (calendar's weekday and date range, then
  calendar_dates: 1 adds the day, 2 removes it);
- DEPARTURES.tsv is the list of the next N departures from STOP at or after AFTER, computed here (stop
  times, and the runs of frequencies every headway from start_time up to, not including, end_time; a trip's last
  stop is no departure);
- FEED.rpk holds every file of the feed as a table with as many records as the file has rows.
"""

import csv
import io
import os
import sqlite3
import subprocess
import sys
import zipfile
from datetime import date

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import recpipe  # noqa: E402  (examples/recpipe.py: a reader of record streams)


def read_feed(path):
    """{table: [row dicts]} of every .txt file, as csv reads it (missing values of short rows: None)."""
    feed = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".txt"):
                text = z.read(name).decode("utf-8-sig")
                feed[name[:-4]] = [r for r in csv.DictReader(io.StringIO(text)) if any(r.values())]
    return feed


def seconds(hms):
    h, m, s = (int(x) for x in hms.strip().split(":"))
    return h * 3600 + m * 60 + s


def services_on(feed, day):
    ymd = day.strftime("%Y%m%d")
    weekday = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][day.weekday()]
    on = {c["service_id"] for c in feed.get("calendar", [])
          if c[weekday] == "1" and c["start_date"] <= ymd <= c["end_date"]}
    for e in feed.get("calendar_dates", []):
        if e["date"] == ymd:
            (on.add if e["exception_type"] == "1" else on.discard)(e["service_id"])
    return on


def departures(feed, trips, stop, after, n):
    by_trip = {}
    for st in feed["stop_times"]:
        if st["trip_id"] in trips:
            by_trip.setdefault(st["trip_id"], []).append(st)
    runs = {}
    for f in feed.get("frequencies", []):
        start, end, headway = seconds(f["start_time"]), seconds(f["end_time"]), int(f["headway_secs"])
        runs.setdefault(f["trip_id"], []).extend(range(start, end, headway))
    found = []
    for trip_id, stops in by_trip.items():
        stops.sort(key=lambda s: int(s["stop_sequence"]))
        t0 = seconds(stops[0]["departure_time"])
        for st in stops[:-1]:
            if st["stop_id"] != stop:
                continue
            t = seconds(st["departure_time"])
            for start in runs.get(trip_id, [t0]):
                found.append((start + t - t0, trip_id))
    found = sorted(d for d in found if d[0] >= after)[:n]
    return ["%02d:%02d:%02d\t%s\t%s\t%s" % (t // 3600, t // 60 % 60, t % 60, trips[trip]["route_id"], trip,
                                             trips[trip]["trip_headsign"] or "") for t, trip in found]


def main(feed_path, day_text, stop, after, n, day_db, departures_tsv, feed_rpk):
    feed = read_feed(feed_path)
    on = services_on(feed, date.fromisoformat(day_text))
    trips = {t["trip_id"]: t for t in feed["trips"] if t["service_id"] in on}

    db = sqlite3.connect(day_db)
    got = {r[0] for r in db.execute("SELECT trip_id FROM trips")}
    if got != set(trips):
        sys.exit(f"check: {day_db} has trips {sorted(got)}, expected {sorted(trips)} (the trips of {day_text})")
    print(f"{day_db}: the {len(trips)} trips of {day_text}")

    want = departures(feed, trips, stop, seconds(after), int(n))
    with open(departures_tsv, encoding="utf-8") as f:
        lines = f.read().splitlines()[1:]
    if lines != want:
        sys.exit(f"check: {departures_tsv} differs from Python's:\n" + "\n".join(want))
    print(f"{departures_tsv}: the {len(want)} departures from {stop} after {after} that Python finds")

    stream = subprocess.run(["merge", feed_rpk], check=True, capture_output=True).stdout
    counts = {}
    for table, _ in recpipe.read_stream(io.BytesIO(stream)):
        counts[table] = counts.get(table, 0) + 1
    want_counts = {name: len(rows) for name, rows in feed.items() if rows}
    if counts != want_counts:
        sys.exit(f"check: {feed_rpk} holds {counts}, the feed {want_counts}")
    print(f"{feed_rpk}: all {len(counts)} tables, {sum(counts.values())} rows")


if __name__ == "__main__":
    main(*sys.argv[1:])
