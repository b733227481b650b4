#include "cmd/parse_events/time_unit.h"

#include <cstdint>

#include "lib/error.h"

namespace recpipe::parse_events {

__extension__ using Wide = unsigned __int128;  // GCC's and Clang's; __extension__ keeps -Wpedantic quiet
__extension__ using WideSigned = __int128;

int64_t ParseTime(const std::string& text, const char* option) {
  auto bad = [&](const char* why) {
    return UsageError(std::string(option) + ": '" + text + "' is not a time (microseconds, or a number with us, ms, s, " +
                      "min or h)" + why);
  };
  // The number is read from its decimal digits, never through binary floating point, so that every microsecond
  // of i64 is reachable and "0.000001s" is exactly 1: value = sign * mantissa * 10^-fraction_digits.
  size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++i;
  Wide mantissa = 0;
  int fraction_digits = 0, significant = 0, digits = 0;
  bool point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    ++digits;
    if (point) ++fraction_digits;
    if (mantissa == 0 && c == '0') continue;  // leading zeros are not significant
    if (++significant > 28) throw bad(": too many digits");
    mantissa = mantissa * 10 + static_cast<unsigned>(c - '0');
  }
  if (digits == 0) throw bad("");
  const std::string unit = text.substr(i);
  // The unit in microseconds, as factor * 10^power.
  unsigned factor = 1;
  int power = 0;
  if (unit.empty() || unit == "us") power = 0;
  else if (unit == "ms") power = 3;
  else if (unit == "s") power = 6;
  else if (unit == "min") factor = 6, power = 7;
  else if (unit == "h") factor = 36, power = 8;
  else throw bad("");
  Wide us = mantissa * factor;  // < 10^28 * 36: no overflow
  int exponent = power - fraction_digits;
  constexpr Wide kLimit = static_cast<Wide>(INT64_MAX) + 1;
  for (; exponent > 0; --exponent) {
    if (us > kLimit) break;
    us *= 10;
  }
  if (exponent < 0) {
    // Below a microsecond: round half away from zero. Beyond 10^30 the quotient is 0 and its remainder is below
    // a half (the mantissa has at most 28 digits).
    if (-exponent > 30) {
      us = 0;
    } else {
      Wide divisor = 1;
      for (int k = 0; k < -exponent; ++k) divisor *= 10;
      Wide quotient = us / divisor, remainder = us % divisor;
      us = quotient + (remainder * 2 >= divisor ? 1 : 0);
    }
  }
  if (us > (negative ? kLimit : kLimit - 1)) throw bad(": beyond the range of a 64-bit microsecond count");
  return negative ? static_cast<int64_t>(-static_cast<WideSigned>(us)) : static_cast<int64_t>(us);
}

std::pair<std::optional<int64_t>, std::optional<int64_t>> ParseTimeWindow(const std::string& text,
                                                                          const char* option) {
  size_t colon = text.find(':');
  if (colon == std::string::npos || text.find(':', colon + 1) != std::string::npos) {
    throw UsageError(std::string(option) + " takes A:B, A: or :B (times such as 1.5s or 200ms), not '" + text + "'");
  }
  std::pair<std::optional<int64_t>, std::optional<int64_t>> w;
  if (colon > 0) w.first = ParseTime(text.substr(0, colon), option);
  if (colon + 1 < text.size()) w.second = ParseTime(text.substr(colon + 1), option);
  if (w.first && w.second && *w.second <= *w.first) {
    throw UsageError(std::string(option) + ": the window '" + text + "' is empty");
  }
  return w;
}

}  // namespace recpipe::parse_events
