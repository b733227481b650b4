#!/usr/bin/env python3
"""Writes a CSV shaped like a GTFS stop_times.txt to stdout, the same bytes for the same seed.

  trip_id,arrival_time,departure_time,stop_id,stop_sequence,stop_headsign,pickup_type,drop_off_type,shape_dist_traveled
  R12_WKDY_000001,05:43:00,05:43:00,S10412,1,"Downtown, via Main St",0,1,0.000

Trips of 8-60 stops with increasing times (past 24:00:00 as GTFS allows).
About half the trips carry a stop_headsign, some quoted because they hold a
comma, some with doubled quotes (The ""Loop"" Express), some non-ASCII; others leave
it empty, and some leave pickup_type or shape_dist_traveled empty. No field
holds a line break, so every row is one line (safe to cut with head).

Examples:
  bench/gen_csv.py --bytes 200M > stop_times.csv
  bench/gen_csv.py --count 1000 --seed 3 > small.csv    (1000 rows after the header)
"""

import argparse
import random
from itertools import accumulate

from genutil import add_common_args, run_until

kHeader = (
    "trip_id,arrival_time,departure_time,stop_id,stop_sequence,stop_headsign,"
    "pickup_type,drop_off_type,shape_dist_traveled\n"
)
kTripsPerBatch = 256      # fixed: the output must not depend on it
kStops = 20000            # distinct stop ids
kRoutes = 400             # distinct stop patterns
kMaxStops = 60            # stops on a pattern; a trip runs the first 8-60 of them

_HEADSIGNS = [
    "Downtown", "Airport", "University", "Harbor Point", "Zürich HB", "Gare de l'Est",
    '"Downtown, via Main St"', '"Airport, Terminal 2"', '"Eastgate, Express"',
    '"São Paulo, Centro"', '"The ""Loop"" Express"', '"Riverside, ""North"" Loop"',
    "Kraków Główny", "Ōsaka-Namba", "Malmö C",
]
_SERVICES = ["WKDY", "SAT", "SUN", "HOL"]

# "HH:MM:SS" for every second of a 30-hour service day (GTFS goes past 24:00).
_HMS = ["%02d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60) for s in range(30 * 3600)]


def _routes(rng):
    """Per route: its name, the seconds between its stops, and per pickup style the
    row tails ",stop_id,...,shape_dist_traveled\n" of its stops as a middle stop
    and as the last one."""
    stops = ["S%05d" % i for i in rng.sample(range(100000), kStops)]
    routes = []
    for r in range(kRoutes):
        b = rng.randbytes(3)
        headsign = _HEADSIGNS[b[0] % len(_HEADSIGNS)] if b[1] & 1 else ""
        with_dist = b[2] % 5 != 0
        pattern = rng.sample(stops, kMaxStops)
        hops = rng.randbytes(kMaxStops)                      # 45-300 s and 200-1475 m between stops
        metres = accumulate((200 + 5 * h for h in hops), initial=0)
        dists = ["%d.%03d" % divmod(m, 1000) if with_dist else "" for m in metres]
        tails = {}
        for pickup, last_pickup in (("0", "1"), ("", "")):
            rows = [f",{stop},{s + 1},{headsign},{pickup},0,{dist}\n"
                    for s, (stop, dist) in enumerate(zip(pattern, dists))]
            rows[0] = f",{pattern[0]},1,{headsign},{pickup},1,{dists[0]}\n"
            lasts = [f",{stop},{s + 1},{headsign},{last_pickup},0,{dist}\n"
                     for s, (stop, dist) in enumerate(zip(pattern, dists))]
            tails[pickup] = (rows, lasts)
        routes.append(("R%d" % r, [45 + h for h in hops], tails))
    return routes


def batches(seed):
    rng = random.Random(seed)
    routes = _routes(rng)
    trip = 0
    while True:
        lines = []
        for _ in range(kTripsPerBatch):
            trip += 1
            b = rng.randbytes(6)
            name, hops, tails = routes[(b[0] << 8 | b[1]) % kRoutes]
            nstops = 8 + b[2] % (kMaxStops - 7)
            prefix = "%s_%s_%06d," % (name, _SERVICES[b[3] & 3], trip)
            middles, lasts = tails["" if b[4] % 7 == 0 else "0"]
            rows = middles[: nstops - 1] + [lasts[nstops - 1]]
            start = 4 * 3600 + (b[5] * 300) % (20 * 3600)   # between 04:00 and 24:00
            dwells = [30 if d < 64 else 0 for d in rng.randbytes(nstops)]  # a quarter of the stops wait
            arrivals = accumulate((d + h for d, h in zip(dwells, hops)), initial=start)
            lines += [
                f"{prefix}{_HMS[a]},{_HMS[a + d]}{row}" for a, d, row in zip(arrivals, dwells, rows)
            ]
        yield lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(parser)
    args = parser.parse_args()
    run_until(args, batches(args.seed), head=kHeader.encode())


if __name__ == "__main__":
    main()
