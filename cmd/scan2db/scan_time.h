// The date-times of scan listings, "YYYY-MM-DD HH:MM:SS" with an optional fraction of up to 6 digits, read as UTC
// (mmapplypolicy prints the cluster's local time; the listing does not say which zone, so scan2db(1) says UTC).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace recpipe::scan2db {

// Parses text as a whole into microseconds since 1970-01-01 UTC. False when it is not such a date-time (a field
// out of range, such as month 13 or second 61, included).
bool ParseScanTime(std::string_view text, int64_t* micros);

// The calendar day (days since 1970-01-01 UTC) a time falls on.
int64_t DaysFromMicros(int64_t micros);

// "YYYY-MM-DD HH:MM:SS.ffffff", the form SQLAlchemy's DateTime stores in SQLite, so queries written for the
// tool users have today compare as before.
std::string FormatScanTime(int64_t micros);
// The same into out (kScanTimeMax bytes), without allocating; returns its length.
inline constexpr size_t kScanTimeMax = 64;
size_t FormatScanTime(int64_t micros, char* out);

}  // namespace recpipe::scan2db
