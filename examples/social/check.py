#!/usr/bin/env python3
"""Checks the social example against figures computed here from the input files alone (standard library).

  check.py IN OUT              each run's new events and each UTC day's container hold exactly the ids that
                               Python finds: first seen in that file (files in name order, lines in order), and
                               created on that day
  check.py --replay IN OUT R   R is the same job fed the last file after the others (R/second.log is make's
                               output then): that second make ran the pieces and run of the last file only,
                               repacked just the days it added events to, and ended with OUT's containers
"""

import filecmp
import json
import os
import re
import subprocess
import sys
from datetime import datetime, timezone


def expected(in_dir):
    """{file day: {utc day: set of new ids}} in file order, as Python reads the JSON."""
    seen, runs = set(), {}
    for name in sorted(f for f in os.listdir(in_dir) if f.endswith(".jsonl")):
        run = runs.setdefault(name[: -len(".jsonl")], {})
        with open(os.path.join(in_dir, name), encoding="utf-8") as f:
            for line in f:
                event = json.loads(line)
                if event["id"] in seen:
                    continue
                seen.add(event["id"])
                day = datetime.fromtimestamp(event["created_at"], timezone.utc).date().isoformat()
                run.setdefault(day, set()).add(event["id"])
    return runs


def ids_in(path, day):
    """The ids of a stream or container (via merge --to tsv), each created_at checked to lie on day."""
    rows = subprocess.run(["merge", "--to", "tsv", path], check=True, capture_output=True, text=True).stdout
    lines = rows.splitlines()
    header = lines[0].split("\t")
    at = header.index("created_at")
    ids = []
    for row in lines[1:]:
        fields = row.split("\t")
        if not fields[at].startswith(day + "T"):
            sys.exit(f"check: {path}: created_at {fields[at]} is not on {day}")
        ids.append(fields[0])
    if len(ids) != len(set(ids)):
        sys.exit(f"check: {path}: an id appears twice")
    return set(ids)


def check(in_dir, out_dir):
    runs = expected(in_dir)
    days = {}
    for run, by_day in runs.items():
        new_dir = os.path.join(out_dir, run, "new")
        got = sorted(f[: -len(".rec")] for f in os.listdir(new_dir))
        if got != sorted(by_day):
            sys.exit(f"check: run {run}: partitions {got}, expected {sorted(by_day)}")
        for day, ids in by_day.items():
            if ids_in(os.path.join(new_dir, day + ".rec"), day) != ids:
                sys.exit(f"check: run {run}, day {day}: not the {len(ids)} ids first seen in {run}.jsonl")
            days.setdefault(day, set()).update(ids)
        print(f"run {run}: {sum(map(len, by_day.values()))} new events " +
              ", ".join(f"{d}: {len(i)}" for d, i in sorted(by_day.items())))
    got = sorted(f[: -len(".rpk")] for f in os.listdir(os.path.join(out_dir, "days")))
    if got != sorted(days):
        sys.exit(f"check: days {got}, expected {sorted(days)}")
    for day, ids in sorted(days.items()):
        if ids_in(os.path.join(out_dir, "days", day + ".rpk"), day) != ids:
            sys.exit(f"check: out/days/{day}.rpk: not the {len(ids)} unique ids of that UTC day")
        print(f"day {day}: {len(ids)} unique events")
    return runs


def check_replay(in_dir, out_dir, replay_dir):
    runs = expected(in_dir)
    last = max(runs)
    log = open(os.path.join(replay_dir, "second.log"), encoding="utf-8").read()
    chunked = set(re.findall(r"^chunk --part \S+ in/(\S+)\.jsonl", log, re.M))
    deduped = set(re.findall(r"run\.sh (\S+) ", log))
    packed = set(re.findall(r"-o out/days/(\S+)\.rpk$", log, re.M))
    if chunked != {last} or deduped != {last}:
        sys.exit(f"check: the second make cut {sorted(chunked)} and ran {sorted(deduped)}; expected {last} only")
    if packed != set(runs[last]):
        sys.exit(f"check: the second make packed {sorted(packed)}; expected the days {last} added to: "
                 f"{sorted(runs[last])}")
    a, b = os.path.join(out_dir, "days"), os.path.join(replay_dir, "out", "days")
    names = sorted(os.listdir(a))
    match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    if mismatch or errors or sorted(os.listdir(b)) != names:
        sys.exit(f"check: the replay's containers differ: {mismatch + errors}")
    print(f"replay: adding {last}.jsonl cut and deduplicated only it, repacked {', '.join(sorted(packed))}, "
          f"and gave the same {len(names)} containers")


if __name__ == "__main__":
    if sys.argv[1] == "--replay":
        check_replay(*sys.argv[2:5])
    else:
        check(*sys.argv[1:3])
