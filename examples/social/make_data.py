#!/usr/bin/env python3
"""Writes in/DAY.jsonl, four days of nostr-like events as a relay client receives them, from
bench/gen_nostr.py (standard library only; the same bytes every time).

gen_nostr.py gives 400 events about 2 s apart, about 15% of them repeats of an earlier line (the same event
seen again from another relay). Here the stream is stretched over 2024-02-28 to 2024-03-02 (a leap day and a
month end): created_at becomes T0 + 424 * (created_at - 1700000000), so repeats keep their created_at. A new
event is received up to half an hour after its created_at, a repeat at its place in the stream (T0 + 848 s
times its line number, plus up to 848 s); each line goes into the file of the UTC day it is received on, in the
order received. So repeats land in later days' files, and an event made just before midnight may arrive the
next day (a late event of an earlier day).

  python3 make_data.py        # from examples/social
"""

import os
import random
import re
import subprocess
import sys
from datetime import datetime, timezone

T0 = 1709078400  # 2024-02-28T00:00:00Z
COUNT = 400
HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "bench", "gen_nostr.py")

lines = subprocess.run([sys.executable, GEN, "--count", str(COUNT), "--seed", "14", "--dup-rate", "0.15"],
                       check=True, capture_output=True, text=True).stdout.splitlines(keepends=True)
rng = random.Random(14)
seen = set()
days = {}
for i, line in enumerate(lines):
    created = T0 + 424 * (int(re.search(r'"created_at":(\d+)', line).group(1)) - 1700000000)
    line = re.sub(r'"created_at":\d+', '"created_at":%d' % created, line, count=1)
    if line in seen:
        received = T0 + 848 * i + rng.randrange(848)
    else:
        received = created + rng.randrange(1800)
        seen.add(line)
    day = datetime.fromtimestamp(received, timezone.utc).strftime("%Y-%m-%d")
    days.setdefault(day, []).append((received, i, line))
os.makedirs(os.path.join(HERE, "in"), exist_ok=True)
for day, day_lines in days.items():
    with open(os.path.join(HERE, "in", day + ".jsonl"), "w", encoding="utf-8", newline="") as f:
        f.writelines(line for _, _, line in sorted(day_lines))
