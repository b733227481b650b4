// Times on the command line: a number of microseconds, or a number with a unit (us, ms, s, min, h), decimals
// allowed ("1.5s", "250ms", "90000"). Results are whole microseconds, converted exactly from the decimal digits
// and rounded to the nearest, halves away from zero; beyond i64 microseconds is an error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace recpipe::parse_events {

// Throws UsageError naming the option.
int64_t ParseTime(const std::string& text, const char* option);

// "A:B", "A:" or ":B": the half-open window [A, B); a missing end is unbounded.
std::pair<std::optional<int64_t>, std::optional<int64_t>> ParseTimeWindow(const std::string& text,
                                                                          const char* option);

}  // namespace recpipe::parse_events
