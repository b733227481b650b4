// parse-gtfs --check: validates a whole feed as the MobilityData validator does for its core notices (keys,
// references, stop time order, calendar, coordinates, names, ...; parse-gtfs(1), CHECK) and writes the notices as
// one table. Reads the feed once on one thread (stop_times again for trips whose rows are apart).
#pragma once

#include "cmd/parse_gtfs/parse_gtfs.h"

namespace recpipe::parse_gtfs {

// Writes the notices table to sink; returns the number of notices of severity ERROR. Throws DataError when the
// feed cannot be read at all (not a zip, a header that is not CSV).
uint64_t CheckFeed(const GtfsOptions& options, RecordSink& sink, RunStats& stats);

}  // namespace recpipe::parse_gtfs
