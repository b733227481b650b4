#!/usr/bin/env python3
"""Lines of 64-hex keys (the shape of nostr event ids, sha256 digests), for
dedupe's bounded-memory benchmark: --distinct N different keys in random
order, with --dup-rate R of the lines repeating a key written earlier (drawn
from a reservoir of 2^16 earlier keys), so that the
number of distinct keys is known without a reference run.

  bench/gen_keys.py --distinct 50000000 --dup-rate 0.1 > keys.txt
"""

import argparse
import random
import sys

from genutil import write_batches

kBatch = 1 << 14
kRecent = 1 << 16


def batches(distinct, dup_rate, rng):
    recent = []
    written = 0
    while written < distinct:
        lines = []
        while len(lines) < kBatch and written < distinct:
            if recent and rng.random() < dup_rate:
                lines.append(rng.choice(recent))
                continue
            line = "%064x\n" % rng.getrandbits(256)
            written += 1
            lines.append(line)
            if len(recent) < kRecent:
                recent.append(line)
            else:
                recent[rng.randrange(kRecent)] = line
        yield lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--distinct", type=int, required=True, metavar="N", help="distinct keys to write")
    parser.add_argument("--dup-rate", type=float, default=0.0, metavar="R",
                        help="fraction of lines that repeat an earlier key [0]")
    parser.add_argument("--seed", type=int, default=1, help="random seed [1]")
    args = parser.parse_args()
    if args.distinct < 1 or not 0 <= args.dup_rate < 1:
        parser.error("--distinct wants N >= 1 and --dup-rate a number in [0, 1)")
    write_batches(batches(args.distinct, args.dup_rate, random.Random(args.seed)))


if __name__ == "__main__":
    sys.exit(main())
