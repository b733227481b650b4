#!/usr/bin/env python3
"""Compares two record streams table by table: the same tables (by name), each with the same fields and metadata,
holding the same records in the same order. Where the tables' batches end, and where one table's batches sit among
another's, may differ: the merged pieces of a job end a batch at the end of each piece, and bam2cols's piece 1
writes its references table before pieces 2..N add their reads. Reads the streams with ../recpipe.py, the
project's pure-Python reader (standard library only), checksums included.

    same_tables.py WHOLE.rec MERGED.rec

Prints the records of each table; exits 1 at the first difference.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import recpipe  # noqa: E402


def tables(path):
    reader = recpipe.Reader(path)
    records = {}
    for name, record in reader:
        records.setdefault(name, []).append(record)
    schemas = {t.name: (t.fields, t.metadata) for t in reader.tables.values()}
    return schemas, records


def main(whole_path, merged_path):
    whole, merged = tables(whole_path), tables(merged_path)
    if list(whole[0]) != list(merged[0]):
        sys.exit("tables differ: %s has %s, %s has %s" % (whole_path, list(whole[0]), merged_path, list(merged[0])))
    for name, schema in whole[0].items():
        if merged[0][name] != schema:
            sys.exit("table %s: fields or metadata differ:\n  %s: %r\n  %s: %r" %
                     (name, whole_path, schema, merged_path, merged[0][name]))
        a, b = whole[1].get(name, []), merged[1].get(name, [])
        if a != b:
            at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            sys.exit("table %s: %d records in %s, %d in %s; they differ from record %d on" %
                     (name, len(a), whole_path, len(b), merged_path, at))
        print("  table %s: %d records, the same fields, metadata and records" % (name, len(a)))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])
