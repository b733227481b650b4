#!/usr/bin/env python3
"""Checks parse-gtfs --lang output against translations applied here, from Python's csv reading of the feed.

usage: parse_gtfs_lang_check.py FEED STREAM LANG [--encoding latin1]

Rules (both forms of translations.txt): current form, a row of LANG applies to table_name.field_name of the record
whose ID is record_id (stop_times: trip_id, with stop_sequence as record_sub_id), else of the records whose value is
field_value, else of every record (feed_info); legacy form (trans_id, lang, translation), a text field that is not
an ID and holds a trans_id of LANG. Prints how many values were translated; exits 1 on a difference.
"""
import csv
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples"))
import recpipe  # noqa: E402
from parse_gtfs_check import feed_files  # noqa: E402

KEYS = {"agency": "agency_id", "stops": "stop_id", "routes": "route_id", "trips": "trip_id", "stop_times": "trip_id",
        "pathways": "pathway_id", "levels": "level_id", "attributions": "attribution_id"}


def rows(raw, encoding):
    text = raw.decode("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else encoding)
    r = [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    header = [h.strip() for h in r[0]] if r else []
    return [dict(zip(header, row)) for row in r[1:]]


def main(argv):
    feed, stream, lang = argv[1], argv[2], argv[3]
    encoding = "latin-1" if "--encoding" in argv else "utf-8-sig"
    files = feed_files(feed)
    trans = rows(files["translations.txt"], encoding)
    legacy = trans and "trans_id" in trans[0]
    tables = {}
    for name, rec in recpipe.read_stream(open(stream, "rb")):
        tables.setdefault(name, []).append(rec)
    translated = bad = 0
    for name, records in tables.items():
        if name in ("translations", "notices") or name + ".txt" not in files:
            continue
        source = rows(files[name + ".txt"], encoding)
        for src, rec in zip(source, records):
            for field, value in src.items():
                if field not in rec or not isinstance(rec[field], str) or rec[field] is None:
                    continue
                want = value
                if legacy:
                    if not field.endswith(("_id", "_timezone", "_lang", "_color")) and field not in ("currency_type",):
                        for t in trans:
                            if t["lang"] == lang and t["trans_id"] == value and value != "":
                                want = t["translation"]
                                break
                else:
                    key = KEYS.get(name)
                    sub = src.get("stop_sequence", "") if name == "stop_times" else ""
                    cands = [t for t in trans if t["language"] == lang and t["table_name"] == name
                             and t["field_name"] == field]
                    by_record = [t for t in cands if t.get("record_id") and key and t["record_id"] == src.get(key)
                                 and t.get("record_sub_id", "") == sub]
                    by_value = [t for t in cands if not t.get("record_id") and t.get("field_value")
                                and t["field_value"] == value]
                    whole = [t for t in cands if not t.get("record_id") and not t.get("field_value")]
                    for group in (by_record, by_value, whole):
                        if group:
                            want = group[0]["translation"]
                            break
                if want != value:
                    translated += 1
                if rec[field] != want:
                    bad += 1
                    if bad <= 5:
                        print(f"{name}.{field}: parse-gtfs {rec[field]!r}, expected {want!r}", file=sys.stderr)
    print("translated", translated)
    if translated == 0:
        print("nothing was translated", file=sys.stderr)
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
