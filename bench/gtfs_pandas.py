#!/usr/bin/python3
"""The pandas peer of bench/parse_gtfs.sh: reads every file of a GTFS zip into DataFrames.

usage: gtfs_pandas.py FEED.zip untyped|typed

untyped: every column as strings (pandas' plain read). typed: as partridge types a feed: strings read first,
then numeric columns with pd.to_numeric, times (H:MM:SS) to seconds and dates (YYYYMMDD) to datetimes, column by
column, vectorised. Prints the row count of each file. Run with Debian's python3-pandas (/usr/bin/python3).
"""
import sys
import zipfile

import pandas as pd

NUMERIC = {"stop_lat", "stop_lon", "location_type", "wheelchair_boarding", "route_type", "route_sort_order",
           "direction_id", "wheelchair_accessible", "bikes_allowed", "stop_sequence", "pickup_type",
           "drop_off_type", "shape_dist_traveled", "timepoint", "monday", "tuesday", "wednesday", "thursday",
           "friday", "saturday", "sunday", "exception_type", "price", "payment_method", "transfers",
           "transfer_duration", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence", "headway_secs", "exact_times",
           "transfer_type", "min_transfer_time", "continuous_pickup", "continuous_drop_off"}
TIMES = {"arrival_time", "departure_time", "start_time", "end_time"}
DATES = {"start_date", "end_date", "date", "feed_start_date", "feed_end_date"}


def to_seconds(col):
    parts = col.str.split(":", expand=True)
    return pd.to_numeric(parts[0]) * 3600 + pd.to_numeric(parts[1]) * 60 + pd.to_numeric(parts[2])


def main(path, mode):
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith(".txt"):
                continue
            with z.open(name) as f:
                df = pd.read_csv(f, dtype=str, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
            if mode == "typed":
                for c in df.columns:
                    if c in NUMERIC:
                        df[c] = pd.to_numeric(df[c])
                    elif c in TIMES:
                        df[c] = to_seconds(df[c])
                    elif c in DATES:
                        df[c] = pd.to_datetime(df[c], format="%Y%m%d")
            print(name, len(df))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
