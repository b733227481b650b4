// GTFS times and dates as numbers. Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace recpipe::parse_gtfs {

// "H:MM:SS" or "HH:MM:SS" (hours may pass 24, as service days run past midnight; at most 9999) to seconds since
// noon minus 12 h of the service day: 25:10:00 is 90600. Minutes and seconds are two digits below 60.
// Returns false for anything else.
bool ParseGtfsTime(std::string_view text, int32_t* seconds);

// "YYYYMMDD" (a real calendar day) to days since 1970-01-01 (negative before). Returns false for anything else.
bool ParseGtfsDate(std::string_view text, int32_t* days);

}  // namespace recpipe::parse_gtfs
