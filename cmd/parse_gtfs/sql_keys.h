// The indexes parse-gtfs asks of an SQLite output (-o FEED.sqlite): the keys GTFS tables are looked up and joined
// by (the primary and foreign keys of the reference), so that the queries users run on node-gtfs or
// gtfs-via-postgres databases do not scan stop_times. Other outputs ignore them.
#pragma once

#include "lib/record_sink.h"
#include "lib/schema.h"

namespace recpipe::parse_gtfs {

// Asks sink for the key indexes of this table whose columns all exist in schema (a feed may lack optional ones).
void AddKeyIndexes(const Schema& schema, RecordSink& sink);

}  // namespace recpipe::parse_gtfs
