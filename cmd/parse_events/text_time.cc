#include "cmd/parse_events/text_time.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <string>

namespace recpipe::parse_events {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// digits * 10^exp10 (digits without leading zeros), rounded half up to a whole number; false past `max`.
bool ScaleDecimal(std::string_view digits, int64_t exp10, uint64_t max, uint64_t* out) {
  uint64_t v = 0;
  auto push = [&](char d) { return !__builtin_mul_overflow(v, 10u, &v) && !__builtin_add_overflow(v, d - '0', &v); };
  const int64_t whole = static_cast<int64_t>(digits.size()) + std::min<int64_t>(exp10, 0);  // digits before the point
  for (int64_t i = 0; i < whole; ++i) {
    if (!push(digits[static_cast<size_t>(i)])) return false;
  }
  for (int64_t i = 0; i < exp10; ++i) {
    if (v == 0) break;  // zero times any power of ten
    if (!push('0')) return false;
  }
  // The first dropped digit decides the rounding (an implicit leading zero when the value is below 0.1 us).
  if (whole >= 0 && static_cast<size_t>(whole) < digits.size() && digits[static_cast<size_t>(whole)] >= '5') {
    if (__builtin_add_overflow(v, 1u, &v)) return false;
  }
  if (v > max) return false;
  *out = v;
  return true;
}

}  // namespace

TextTime ParseTextTime(std::string_view s, int64_t* us) {
  size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  if (negative) ++i;
  std::string digits;  // the significant digits, leading zeros left out
  int64_t exp10 = 0;   // value = digits * 10^exp10 seconds
  size_t seen_digits = 0;
  bool point = false, exponent = false;
  for (; i < s.size(); ++i) {
    if (IsDigit(s[i])) {
      ++seen_digits;
      if (point) --exp10;
      if (!digits.empty() || s[i] != '0') digits += s[i];
    } else if (s[i] == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (seen_digits == 0) return TextTime::kNotANumber;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    exponent = true;
    ++i;
    const bool minus = i < s.size() && s[i] == '-';
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    const size_t start = i;
    int64_t e = 0;
    for (; i < s.size() && IsDigit(s[i]); ++i) e = std::min<int64_t>(e * 10 + (s[i] - '0'), 1'000'000'000);
    if (i == start) return TextTime::kNotANumber;
    exp10 += minus ? -e : e;
  }
  if (i != s.size()) return TextTime::kNotANumber;
  if (!point && !exponent) {  // integer microseconds
    int64_t v;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc::result_out_of_range) return TextTime::kOutOfRange;
    if (ec != std::errc() || end != s.data() + s.size()) return TextTime::kNotANumber;
    *us = v;
    return TextTime::kOk;
  }
  const uint64_t max = uint64_t{std::numeric_limits<int64_t>::max()} + (negative ? 1 : 0);
  uint64_t magnitude;
  if (!ScaleDecimal(digits, exp10 + 6, max, &magnitude)) return TextTime::kOutOfRange;
  *us = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return TextTime::kOk;
}

}  // namespace recpipe::parse_events
