// The text forms of the logical types (recpipe-stream(5), LOGICAL TYPES), both ways:
//   time       [-]HH:MM:SS, at least two hour digits, hours past 23 kept (GTFS: 90600 is 25:10:00); parses
//              H:MM:SS too
//   date       YYYY-MM-DD, years 0000 to 9999 (proleptic Gregorian); parses YYYYMMDD (GTFS) too
//   timestamp  YYYY-MM-DDTHH:MM:SS[.fraction]Z in UTC, with the unit's digits of fraction (ms 3, us 6, ns 9);
//              parses a space or T between date and time, a shorter fraction (or more digits if they are zeros),
//              Z, +HH:MM, +HHMM or +HH (or no zone: UTC), or a plain integer, taken as a count of the unit;
//              either way the instant must fall in the years 0000 to 9999, so that it can be written back
// Nothing is rounded or clamped: a value outside the range is refused (false). Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "lib/buffer.h"
#include "lib/schema.h"

namespace recpipe {

inline constexpr int32_t kMinDate = -719528;  // 0000-01-01
inline constexpr int32_t kMaxDate = 2932896;  // 9999-12-31

struct CivilDate {
  int64_t y;
  unsigned m, d;  // 1..12, 1..31
};

// Days since 1970-01-01 of a proleptic Gregorian date; (y, m, d) must be valid. In the header (constexpr): parsers
// call it for every date they read, and scan2db builds a table of months with it at compile time.
constexpr int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}
// Its inverse, exact for any int32 day.
CivilDate CivilFromDays(int64_t days);

void AppendTimeOfDay(int64_t seconds, Buffer* out);
// False (and nothing appended) when the value is outside the range.
bool AppendDate(int64_t days, Buffer* out);
bool AppendTimestamp(int64_t value, TimeUnit unit, Buffer* out);

bool ParseTimeOfDay(std::string_view text, int32_t* seconds);
bool ParseDate(std::string_view text, int32_t* days);
bool ParseTimestamp(std::string_view text, TimeUnit unit, int64_t* value);

// What the text form of a logical type looks like, for error messages: "H:MM:SS", "YYYY-MM-DD or YYYYMMDD", ...
std::string_view LogicalTextForm(Logical kind);

}  // namespace recpipe
