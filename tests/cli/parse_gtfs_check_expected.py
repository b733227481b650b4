#!/usr/bin/env python3
"""Runs parse-gtfs --check on every case of validator_layers/ and compares with its EXPECTED.tsv.

usage: parse_gtfs_check_expected.py PARSE_GTFS LAYERS_DIR

A case is found when a notice has EXPECTED.tsv's code (problem), file and line, and names one of its fields (a
notice names the columns of a key as "a;b"); a case with several lines needs a notice on each. The severity is not
compared: --check gives MobilityData's (which files unused_trip and unusable_trip as warnings, and several of
transitland-lib's best practices as errors). The exit status must be 1 exactly when a notice is an ERROR.
- base/: no ERROR notice.
- errors/: every case found.
- best-practices/: every case found, except those listed in NOT_CHECKED (printed, with the reason).
Exits 1 with the misses on stderr.
"""

import csv
import json
import os
import subprocess
import sys

# Best practices --check does not implement (parse-gtfs(1), CHECK, says so too).
NOT_CHECKED = {
    "best-practices/stop-time-fast-travel": "fast_travel_between_consecutive_stops: MobilityData's speed limits "
                                           "per route type and its handling of equal times are not reproduced",
}


def check(parse_gtfs, folder):
    p = subprocess.run([parse_gtfs, "--check", "--to", "jsonl", folder], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise SystemExit(f"{folder}: exit {p.returncode}: {p.stderr}")
    notices = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    errors = [n for n in notices if n["severity"] == "ERROR"]
    if (p.returncode == 1) != bool(errors):
        raise SystemExit(f"{folder}: exit {p.returncode} with {len(errors)} ERROR notices")
    return notices


def main():
    parse_gtfs, layers = sys.argv[1], sys.argv[2]
    misses = []
    base = check(parse_gtfs, os.path.join(layers, "base"))
    for n in base:
        if n["severity"] == "ERROR":
            misses.append(f"base: unexpected {n}")
    found = {"errors": 0, "best-practices": 0}
    with open(os.path.join(layers, "EXPECTED.tsv"), newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for row in rows:
        case = row["case"]
        kind = case.split("/")[0]
        if case in NOT_CHECKED:
            print(f"not checked: {case}: {NOT_CHECKED[case]}")
            continue
        notices = check(parse_gtfs, os.path.join(layers, case))
        fields = set(row["field"].split(";"))
        ok = True
        for line in row["line"].split(";"):
            hit = [n for n in notices
                   if n["code"] == row["problem"] and n["file"] == row["file"] and str(n["line"]) == line
                   and fields & set(n["field"].split(";"))]
            if not hit:
                ok = False
                near = [(n["code"], n["file"], n["line"], n["field"]) for n in notices if n["severity"] != "INFO"]
                misses.append(f"{case}: no {row['problem']} at {row['file']}:{line} ({row['field']}); "
                              f"notices: {near}")
        if ok:
            found[kind] += 1
    print(f"found: errors {found['errors']}, best-practices {found['best-practices']} "
          f"(not checked: {len(NOT_CHECKED)})")
    for m in misses:
        print(m, file=sys.stderr)
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
