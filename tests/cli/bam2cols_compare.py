#!/usr/bin/env python3
"""Compares bam2cols' TSV (columns qname..qual, end, qlen, tags) with `samtools view` text, column by column.

usage: bam2cols_compare.py SAMTOOLS_VIEW.sam BAM2COLS.tsv
Nulls (\\N) must stand where samtools writes '*'; end and qlen are computed here from POS, CIGAR and SEQ; the tags
column must equal samtools' fields 12 onwards joined by tabs. Prints the first differences and exits 1 on any.
"""
import re
import sys

SAM = ["qname", "flag", "rname", "pos", "mapq", "cigar", "rnext", "pnext", "tlen", "seq", "qual"]
UNESCAPE = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}


def tsv_field(s):
    if s == "\\N":
        return None
    return re.sub(r"\\(.)", lambda m: UNESCAPE.get(m.group(1), "\\" + m.group(1)), s)


def expected_end_qlen(f):
    """(end, qlen) as bam2cols defines them: end null when unmapped or no CIGAR; qlen = len(SEQ) or CIGAR's."""
    ops = re.findall(r"(\d+)([MIDNSHP=X])", f[5]) if f[5] != "*" else []
    flag, pos = int(f[1]), int(f[3])
    end = None
    if ops and not flag & 4:
        ref = sum(int(n) for n, op in ops if op in "MDN=X")
        end = str(pos - 1 + ref) if ref else str(pos)
    if f[9] != "*":
        qlen = len(f[9])
    else:
        qlen = sum(int(n) for n, op in ops if op in "MIS=X")
    return end, str(qlen)


def main():
    sam_path, tsv_path = sys.argv[1], sys.argv[2]
    errors = 0
    with open(sam_path, encoding="latin-1") as sam, open(tsv_path, encoding="latin-1") as tsv:
        header = tsv.readline().rstrip("\n").split("\t")
        want_header = SAM + ["end", "qlen", "tags"]
        if header != want_header:
            print("header %s, expected %s" % (header, want_header))
            return 1
        n = 0
        for n, (s_line, t_line) in enumerate(zip(sam, tsv), 1):
            f = s_line.rstrip("\n").split("\t")
            t = [tsv_field(x) for x in t_line.rstrip("\n").split("\t")]
            if len(t) != len(want_header):
                print("read %d: %d columns, expected %d" % (n, len(t), len(want_header)))
                return 1
            end, qlen = expected_end_qlen(f)
            want = [None if (i in (2, 5, 6, 9, 10) and v == "*") else v for i, v in enumerate(f[:11])]
            want += [end, qlen, "\t".join(f[11:])]
            for name, w, g in zip(want_header, want, t):
                if w != g:
                    errors += 1
                    if errors <= 10:
                        print("read %d (%s): column %s is %r, samtools has %r" % (n, f[0], name,
                                                                                 (g or "")[:80] if g else g,
                                                                                 w[:80] if w else w))
        rest_s, rest_t = sam.read(1), tsv.read(1)
        if rest_s or rest_t:
            print("different number of reads (%s has more after %d)" % ("samtools" if rest_s else "bam2cols", n))
            return 1
    if errors:
        print("%d differences" % errors)
        return 1
    print("%d reads equal" % n)
    return 0


sys.exit(main())
