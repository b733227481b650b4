#!/usr/bin/env python3
"""Writes synthetic Prophesee RAW files for the parse-events tests, with what a correct decoder must find.

    parse_events_gen.py FORMAT CASE OUT

FORMAT: evt2, evt21, evt21-legacy, evt3. CASE: mixed (wraps, triggers, OTHERS/CONTINUED/unknown words, events
before the first time high, EVT3 TIME_LOW going backwards) or sparse (several counter wraps close together, so
that one piece spans more than one). Writes OUT.raw, OUT.events.csv (t,x,y,p), OUT.triggers.csv (t,id,value) and
OUT.counts (dropped_before_time_high others continued unknown). The events are chosen here and encoded; the
expected files are those events, not a decode, so the test does not share the decoder's mistakes.
"""
import random
import struct
import sys

FMT, CASE, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
rng = random.Random(5)
W, H = 1280, 720
words = []  # encoded words (ints), in order
events, triggers = [], []
counts = {"before": 0, "others": 0, "continued": 0, "unknown": 0}

if FMT == "evt3":
    TL_BITS, TH_BITS = 12, 12
else:
    TL_BITS, TH_BITS = 6, 28
PERIOD = 1 << (TL_BITS + TH_BITS)


class Enc:
    def __init__(self):
        self.th = None
        self.tl = None
        self.y = None

    def time_high(self, t):
        th = (t >> TL_BITS) & ((1 << TH_BITS) - 1)
        if th != self.th:
            words.append(("th", th))
            self.th = th
            self.tl = None

    def event_group(self, t, y, xs, p):
        """Events at one time and row: xs sorted, all of polarity p."""
        self.time_high(t)
        tl = t & ((1 << TL_BITS) - 1)
        if FMT == "evt3":
            if tl != self.tl:
                words.append(("tl", tl))
                self.tl = tl
            if y != self.y:
                words.append(("y", y))
                self.y = y
            if len(xs) == 1:
                words.append(("x", xs[0], p))
            else:
                base = xs[0]
                words.append(("base", base, p))
                while base <= xs[-1]:
                    n = 12 if xs[-1] - base >= 8 else 8
                    mask = sum(1 << (x - base) for x in xs if base <= x < base + n)
                    words.append(("v12" if n == 12 else "v8", mask))
                    base += n
        elif FMT == "evt2":
            for x in xs:
                words.append(("cd", tl, x, y, p))
        else:
            groups = {}
            for x in xs:
                groups.setdefault(x // 32, []).append(x)
            for g, gx in sorted(groups.items()):
                words.append(("cd21", tl, g * 32, y, p, sum(1 << (x - g * 32) for x in gx)))
        for x in xs:
            events.append((t, x, y, p))

    def trigger(self, t, tid, value):
        self.time_high(t)
        tl = t & ((1 << TL_BITS) - 1)
        if FMT == "evt3":
            if tl != self.tl:
                words.append(("tl", tl))
                self.tl = tl
            words.append(("trig", tid & 15, value))
            triggers.append((t, tid & 15, value))
        else:
            words.append(("trig", tl, tid & 31, value))
            triggers.append((t, tid & 31, value))


def noise():
    kind = rng.choice(["others", "continued", "unknown"])
    counts[kind] += 1
    words.append((kind,))


enc = Enc()
# Events before the first time high: no valid time, dropped (EVT3 ignores every word before it).
if FMT == "evt3":
    words.append(("y", 5))
    words.append(("x", 7, 1))
    words.append(("base", 10, 0))
    words.append(("v12", 0b101))
    counts["before"] += 3
elif FMT == "evt2":
    words.append(("cd", 3, 7, 5, 1))
    counts["before"] += 1
else:
    words.append(("cd21", 3, 0, 5, 1, 0b1011))
    counts["before"] += 3

if CASE == "mixed":
    t = PERIOD - 10000 if FMT == "evt3" else PERIOD - 300
    t_end = t + (90000 if FMT == "evt3" else 1000) + 2 * PERIOD // (1 if FMT == "evt3" else 1 << 20)
    step = 37 if FMT == "evt3" else 1
    n = 0
    while n < 3000:
        y = rng.randrange(H)
        k = rng.choice([1, 1, 2, 5, 12, 20])
        x0 = rng.randrange(W - 40)
        xs = sorted(rng.sample(range(x0, x0 + 32), k))
        enc.event_group(t, y, xs, rng.randrange(2))
        n += k
        if rng.random() < 0.05:
            enc.trigger(t, rng.randrange(32), rng.randrange(2))
        if rng.random() < 0.05:
            noise()
        if FMT == "evt3" and rng.random() < 0.03 and (t & 4095) > 300:
            # TIME_LOW going backwards within one time high: not a wrap.
            t -= 200
            enc.event_group(t, rng.randrange(H), [rng.randrange(W)], 0)
            n += 1
            t += 200
        t += rng.randrange(step + 1)
    # Go over a wrap of the counter (and on): time highs every eighth of its range, so the drop is seen.
    if True:
        for k in range(1, 12):
            t += PERIOD // 8
            enc.event_group(t, 1, [2], 1)
else:  # sparse: time highs of widely spaced times, several wraps within a few words
    t = 1000
    for i in range(60):
        enc.event_group(t, i % H, [i % W], i & 1)
        if i % 7 == 0:
            noise()
        t += PERIOD // 3 + 12345

# Encode.
out = bytearray()
for w in words:
    kind = w[0]
    if FMT == "evt3":
        v = {
            "th": lambda: (0x8 << 12) | w[1],
            "tl": lambda: (0x6 << 12) | w[1],
            "y": lambda: (0x0 << 12) | w[1],
            "x": lambda: (0x2 << 12) | (w[2] << 11) | w[1],
            "base": lambda: (0x3 << 12) | (w[2] << 11) | w[1],
            "v12": lambda: (0x4 << 12) | w[1],
            "v8": lambda: (0x5 << 12) | w[1],
            "trig": lambda: (0xA << 12) | (w[1] << 8) | w[2],
            "others": lambda: (0xE << 12) | 0x123,
            "continued": lambda: (rng.choice([0x7, 0xF]) << 12) | 0x456,
            "unknown": lambda: (rng.choice([0x1, 0x9, 0xB, 0xC, 0xD]) << 12) | 0x789,
        }[kind]()
        out += struct.pack("<H", v)
    else:
        if kind == "th":
            hi = (0x8 << 28) | w[1]
        elif kind == "cd":
            hi = (w[4] << 28) | (w[1] << 22) | (w[2] << 11) | w[3]
        elif kind == "cd21":
            hi = (w[4] << 28) | (w[1] << 22) | (w[2] << 11) | w[3]
        elif kind == "trig":
            hi = (0xA << 28) | (w[1] << 22) | (w[2] << 8) | w[3]
        elif kind == "others":
            hi = (0xE << 28) | 0x1234
        elif kind == "continued":
            hi = (0xF << 28) | 0x5678
        else:
            hi = (rng.choice([0x2, 0x3, 0x5, 0xB, 0xC, 0xD]) << 28) | 0x9ABC
        if FMT == "evt2":
            out += struct.pack("<I", hi)
        else:
            lo = w[5] if kind == "cd21" else 0
            out += struct.pack("<II", hi, lo) if FMT == "evt21-legacy" else struct.pack("<Q", (hi << 32) | lo)

header = {
    "evt2": "% format EVT2;height=720;width=1280\n% end\n",
    "evt21": "% format EVT21;height=720;width=1280\n% end\n",
    "evt21-legacy": "% format EVT21;height=720;width=1280;endianness=legacy\n% end\n",
    "evt3": "% format EVT3;height=720;width=1280\n% end\n",
}[FMT]
open(OUT + ".raw", "wb").write(header.encode() + bytes(out))
with open(OUT + ".events.csv", "w") as f:
    f.write("t,x,y,p\n")
    for e in events:
        f.write("%d,%d,%d,%d\n" % e)
with open(OUT + ".triggers.csv", "w") as f:
    f.write("t,id,value\n")
    for tr in triggers:
        f.write("%d,%d,%d\n" % tr)
with open(OUT + ".counts", "w") as f:
    f.write("%d %d %d %d\n" % (counts["before"], counts["others"], counts["continued"], counts["unknown"]))
