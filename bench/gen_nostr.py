#!/usr/bin/env python3
"""Writes nostr-event-shaped JSON lines to stdout, the same bytes for the same seed.

  {"id":"<64 hex>","pubkey":"<64 hex>","created_at":1700000123,"kind":1,
   "tags":[["e","<64 hex>"],["p","<64 hex>"]],"content":"...","sig":"<128 hex>"}

0-4 tags; content of about 20-400 characters with some non-ASCII text, escaped
quotes, newlines, tabs, backslashes and \\u escapes; pubkeys come from a pool of
authors so they repeat. With --dup-rate R, about a fraction R of the lines
repeat an earlier line whole (same id: nostr ids are hashes of the event, and
a client that reads from several relays sees the same event more than once);
the earlier line is picked uniformly from a sample of all lines so far.

Examples:
  bench/gen_nostr.py --count 1000 --seed 7 > events.jsonl
  bench/gen_nostr.py --bytes 1G --dup-rate 0.1 > events.jsonl
"""

import argparse
import random

from genutil import add_common_args, run_until

kBatchLines = 4096        # lines built per batch (fixed: the output must not depend on it)
kAuthors = 5000           # distinct pubkeys
kReservoir = 1 << 16      # earlier lines kept as candidates for duplicates
kStartTime = 1_700_000_000

# Content words, already JSON-escaped; repetition sets their weights.
_ASCII_WORDS = (
    "gm nostr relay zap note bitcoin lightning sats key client follow just shipped a new feature "
    "to my of and is this that you for on with at from by about the what why how pura vida "
    "freedom tech open protocol censorship resistant value for value building plebs stack "
    "#nostr #bitcoin #grownostr https://example.com/img/a1b2c3.jpg https://nostr.build/p/x9.png "
    "nostr:npub1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnzs23v9ccrydpk8qarc0jqfqq7a lol yes no maybe "
    "today tomorrow morning coffee ☕ great thread, thanks! (really) 100% 21M 1,000,000"
).split(" ")
_UNICODE_WORDS = (
    "café naïve Zürich 日本語 こんにちは Привет мир español 🤙 ⚡ 🚀 💜 中文 한국어 Ελληνικά "
    "עברית العربية façade jalapeño 🫂 👀 ✨"
).split(" ")
_ESCAPED_WORDS = [
    r"\"quoted\"", r"say \"hi\"", r"line\nbreak", r"end.\n", r"\n\n", r"C:\\Users\\nostr",
    r"tab\tseparated", r"\u00e9t\u00e9", r"\ud83d\ude80", r"a\/b", r"\"", r"\\o/",
]
_WORDS = _ASCII_WORDS * 6 + _UNICODE_WORDS * 2 + _ESCAPED_WORDS * 2

# Event kinds with rough real-world weights (1 = text note dominates).
_KINDS = [1] * 70 + [7] * 12 + [6] * 6 + [0] * 3 + [3] * 3 + [4] * 2 + [5] + [16] + [42] * 2


def _fresh_batch(rng, authors, first_index):
    """kBatchLines new events; line i of the stream gets created_at about kStartTime + 2*i."""
    n = kBatchLines
    hexes = rng.randbytes(n * (32 + 64 + 4 * 32)).hex()  # per line: id, sig, up to 4 tag values
    small = rng.randbytes(n * 4)                           # per line: time jitter, tags, length, kind
    pubkeys = rng.choices(authors, k=n)
    kinds = rng.choices(_KINDS, k=n)
    words = rng.choices(_WORDS, k=n * 60)
    lines = []
    append = lines.append
    w = 0
    for i in range(n):
        h = hexes[i * 448 : (i + 1) * 448]
        b = small[i * 4 : i * 4 + 4]
        created = kStartTime + 2 * (first_index + i) + (b[0] & 7)
        ntags = b[1] % 5
        if ntags:
            tags = ",".join(
                '["%s","%s"]' % ("e" if (b[1] >> (4 + t)) & 1 else "p", h[192 + 64 * t : 256 + 64 * t])
                for t in range(ntags)
            )
        else:
            tags = ""
        nwords = 3 + b[2] % 58        # about 20-400 characters at ~7 per word
        content = " ".join(words[w : w + nwords])
        w += nwords
        if len(content) > 400:        # cut at a space: never inside an escape
            content = content[: content.rfind(" ", 0, 400)]
        elif len(content) < 40:
            content += " gm gm gm nostr"
        append(
            '{"id":"%s","pubkey":"%s","created_at":%d,"kind":%d,"tags":[%s],"content":"%s","sig":"%s"}\n'
            % (h[0:64], pubkeys[i], created, kinds[i], tags, content, h[64:192])
        )
    return lines


def batches(seed, dup_rate):
    rng = random.Random(seed)
    authors = [rng.randbytes(32).hex() for _ in range(kAuthors)]
    dup_rng = random.Random(seed * 1_000_003 + 17)  # separate stream: dups do not shift the events
    reservoir = []
    fresh_seen = 0
    index = 0
    while True:
        lines = _fresh_batch(rng, authors, index)
        index += len(lines)
        if dup_rate > 0:
            for i, line in enumerate(lines):
                if reservoir and dup_rng.random() < dup_rate:
                    lines[i] = reservoir[dup_rng.randrange(len(reservoir))]
                    continue
                # Reservoir sample of all fresh lines so far (Algorithm R).
                if len(reservoir) < kReservoir:
                    reservoir.append(line)
                else:
                    slot = dup_rng.randrange(fresh_seen + 1)
                    if slot < kReservoir:
                        reservoir[slot] = line
                fresh_seen += 1
        yield lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(parser)
    parser.add_argument("--dup-rate", type=float, default=0.0, metavar="R",
                        help="fraction of lines that repeat an earlier line (and so its id) [0]")
    args = parser.parse_args()
    if not 0.0 <= args.dup_rate < 1.0:
        parser.error("--dup-rate must be in [0, 1)")
    run_until(args, batches(args.seed, args.dup_rate))


if __name__ == "__main__":
    main()
