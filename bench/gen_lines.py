#!/usr/bin/env python3
"""Writes log-like text lines of about 60-120 bytes to stdout, the same bytes for the same seed.

  2024-03-01T00:00:00.412Z INFO  api-3 GET /v1/items/48213 status=200 dur_ms=12 req=9f3a61c2

Timestamps increase; levels vary; the rest of the line comes from a pool of
65536 made-up messages, a few of which hold quotes, a tab or non-ASCII text. Every line ends in LF; no CR, no empty lines.

Examples:
  bench/gen_lines.py --bytes 1G > app.log
  bench/gen_lines.py --count 100 --seed 2
"""

import argparse
import datetime
import random

from genutil import add_common_args, run_until

kBatchLines = 8192        # fixed: the output must not depend on it
kPool = 1 << 16           # distinct messages (a line also has its own time and level)
kStart = datetime.datetime(2024, 3, 1, tzinfo=datetime.timezone.utc)

_LEVELS = ["INFO "] * 80 + ["DEBUG"] * 12 + ["WARN "] * 6 + ["ERROR"] * 2
_SERVICES = [f"{name}-{i}" for name in ("api", "worker", "auth", "billing", "gateway") for i in range(8)]
_PATHS = ["/v1/items/{1}", "/v1/users/{1}/orders", "/health", "/v2/search?q=caf%C3%A9&page={4}", "/static/app.{3}.js"]
# Arguments: 0 ip, 1 id, 2 milliseconds, 3 8-hex request id, 4 small count, 5 http status, 6 path.
_MESSAGES = (
    ["{6} status={5} dur_ms={2} req={3}"] * 8
    + [
        "cache miss key=user:{1} shard={4}",
        "connection from {0} closed after {2}ms",
        "job {3} finished in {2}ms, {4} records written",
        'retrying upstream=db-{4}.internal attempt={4}/5 err="connection reset by peer"',
        "user {1} logged in from {0}",
        "slow query took {2}ms\trows={1}",
        "payment {3} captured amount=€{4}.{5}",
        "queue depth={1} consumers={4}",
    ]
)
_METHODS = ["GET "] * 6 + ["POST "] * 2 + ["PUT ", "DELETE "]

_HMS = ["%02d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60) for s in range(86400)]
_MS = [".%03dZ " % m for m in range(1000)]
_STATUS = ["200"] * 30 + ["201", "204", "301", "304", "400", "401", "403", "404", "404", "500", "502", "503"]


def _message_pool(rng):
    """kPool messages (with their leading service name) made once; lines pick from them."""
    pool = []
    for _ in range(kPool):
        b = rng.randbytes(12)
        ip = "10.%d.%d.%d:%d" % (b[1], b[2], b[3], 1024 + (b[4] << 8 | b[5]))
        item = b[6] << 8 | b[7]
        ms = b[8] if b[9] & 7 else b[8] << 4   # mostly fast, sometimes slow
        hex8 = rng.randbytes(4).hex()
        count = b[10] & 31
        args = (ip, item, ms, hex8, count)
        path = rng.choice(_METHODS) + rng.choice(_PATHS).format(*args)
        message = rng.choice(_MESSAGES).format(*args, rng.choice(_STATUS), path)
        pool.append(f" {rng.choice(_SERVICES)} {message}\n")
    return pool


def batches(seed):
    rng = random.Random(seed)
    pool = _message_pool(rng)
    millis = 0
    day = -1
    date = ""
    while True:
        n = kBatchLines
        raw = rng.randbytes(n * 3)
        levels = rng.choices(_LEVELS, k=n)
        lines = []
        append = lines.append
        for i in range(n):
            millis += raw[3 * i] * 2 + 1
            seconds = millis // 1000
            if seconds // 86400 != day:
                day = seconds // 86400
                date = (kStart + datetime.timedelta(days=day)).strftime("%Y-%m-%dT")
            message = pool[raw[3 * i + 1] << 8 | raw[3 * i + 2]]
            append(f"{date}{_HMS[seconds % 86400]}{_MS[millis % 1000]}{levels[i]}{message}")
        yield lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(parser)
    args = parser.parse_args()
    run_until(args, batches(args.seed))


if __name__ == "__main__":
    main()
