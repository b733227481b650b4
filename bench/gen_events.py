#!/usr/bin/env python3
"""Builds a large Prophesee RAW file (EVT 2.0 or 3.0) by repeating a real recording with advancing time.

    gen_events.py SRC.raw OUT.raw SIZE

The header of SRC is written once; then its data words again and again, each copy with every TIME_HIGH word moved
on by the span of the recording (modulo the counter, so long files wrap the time exactly as a camera would), until
OUT holds at least SIZE bytes (suffixes k, M, G). The format comes from SRC's header. Standard library only.
"""
import struct
import sys


def parse_size(text):
    scale = {"k": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(float(text[:-1]) * scale[text[-1]]) if text[-1] in scale else int(text)


def split_header(data):
    pos = 0
    evt = None
    while pos < len(data) and data[pos:pos + 1] == b"%":
        eol = data.index(b"\n", pos)
        line = data[pos:eol].decode("latin-1")
        if line.startswith("% evt "):
            evt = line.split()[2]
        if line.startswith("% format "):
            evt = {"EVT2": "2.0", "EVT3": "3.0"}.get(line.split()[2].split(";")[0])
        pos = eol + 1
        if line.strip() == "% end":
            break
    return data[:pos], data[pos:], evt


def main():
    src, out, size = sys.argv[1], sys.argv[2], parse_size(sys.argv[3])
    header, body, evt = split_header(open(src, "rb").read())
    if evt == "2.0":
        word, fmt, shift, type_of_th, mask = 4, "<I", 28, 0x8, (1 << 28) - 1
    elif evt == "3.0":
        word, fmt, shift, type_of_th, mask = 2, "<H", 12, 0x8, (1 << 12) - 1
    else:
        sys.exit("gen_events.py: %s is neither EVT 2.0 nor EVT 3.0" % src)
    body = body[: len(body) // word * word]
    th_at = []
    for i in range(0, len(body), word):
        (w,) = struct.unpack_from(fmt, body, i)
        if w >> shift == type_of_th:
            th_at.append((i, w & mask))
    if not th_at:
        sys.exit("gen_events.py: no TIME_HIGH word in " + src)
    span = th_at[-1][1] - th_at[0][1] + 1
    with open(out, "wb") as f:
        f.write(header)
        written, copy = len(header), 0
        while written < size:
            chunk = bytearray(body)
            for i, th in th_at:
                struct.pack_into(fmt, chunk, i, (type_of_th << shift) | ((th + copy * span) & mask))
            f.write(chunk)
            written += len(chunk)
            copy += 1


if __name__ == "__main__":
    main()
