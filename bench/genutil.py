"""Shared pieces of the bench/gen_*.py input generators.

Each generator builds its output in fixed-size batches of lines from one
seeded random.Random, so a given seed always gives the same bytes, and a
smaller --bytes or --count gives a prefix of a larger one. Standard library
only.
"""

import argparse
import re
import sys

# Units of --bytes, as in the tools' own SIZE options: powers of 1024.
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?\s*$", re.IGNORECASE)


def parse_size(text):
    """'500M', '1G', '1.5GiB', '4096' -> bytes (K/M/G/T are powers of 1024)."""
    match = _SIZE_RE.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (examples: 4096, 200M, 1G)")
    number, unit = match.groups()
    return int(float(number) * _UNITS[unit.upper()])


def add_common_args(parser, with_count=True):
    """--bytes SIZE (and --count N when with_count) plus --seed."""
    limit = parser.add_mutually_exclusive_group()
    limit.add_argument("--bytes", type=parse_size, metavar="SIZE",
                       help="stop at the first whole line that reaches SIZE bytes (K/M/G = 1024^n)")
    if with_count:
        limit.add_argument("--count", type=int, metavar="N", help="write N lines")
    parser.add_argument("--seed", type=int, default=1, help="random seed [1]")


def write_batches(batches, max_bytes=None, max_lines=None, head=b""):
    """Writes `head`, then lists of str lines (each ending in LF) from the
    `batches` iterator to stdout until max_lines lines or the first line that
    reaches max_bytes bytes in total (head included). A closed pipe ends
    quietly."""
    out = sys.stdout.buffer
    try:
        out.write(head)
        written_bytes = len(head)
        written_lines = 0
        for lines in batches:
            if max_lines is not None and written_lines + len(lines) >= max_lines:
                out.write("".join(lines[: max_lines - written_lines]).encode())
                break
            data = "".join(lines).encode()
            if max_bytes is not None and written_bytes + len(data) >= max_bytes:
                out.write(_cut_to_size(lines, max_bytes - written_bytes))
                break
            out.write(data)
            written_bytes += len(data)
            written_lines += len(lines)
        out.flush()
    except BrokenPipeError:
        # Downstream (e.g. `| head`) closed the pipe: not an error. Point
        # stdout at /dev/null so the interpreter's final flush stays quiet.
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _cut_to_size(lines, budget):
    """The shortest prefix of `lines` (encoded) that has at least `budget` bytes."""
    parts = []
    for line in lines:
        data = line.encode()
        parts.append(data)
        budget -= len(data)
        if budget <= 0:
            break
    return b"".join(parts)


def run_until(args, batches, head=b""):
    """Runs write_batches with the limits from parsed --bytes/--count."""
    count = getattr(args, "count", None)
    if args.bytes is None and count is None:
        what = "--bytes SIZE or --count N" if hasattr(args, "count") else "--bytes SIZE"
        print(f"{sys.argv[0]}: error: give {what}", file=sys.stderr)
        sys.exit(2)
    write_batches(batches, max_bytes=args.bytes, max_lines=count, head=head)
