#include "lib/logical_text.h"

#include <charconv>
#include <cstdio>

namespace recpipe {
namespace {

bool IsLeap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Exactly n digits at text[pos...] into *v.
bool Digits(std::string_view text, size_t pos, size_t n, unsigned* v) {
  if (pos + n > text.size()) return false;
  unsigned r = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    r = r * 10 + static_cast<unsigned>(text[i] - '0');
  }
  *v = r;
  return true;
}

// YYYY-MM-DD at the start of text (or YYYYMMDD when compact); sets *used to its length.
bool ParseDatePart(std::string_view text, bool allow_compact, int64_t* days, size_t* used) {
  unsigned y, m, d;
  if (text.size() >= 10 && text[4] == '-' && text[7] == '-') {
    if (!Digits(text, 0, 4, &y) || !Digits(text, 5, 2, &m) || !Digits(text, 8, 2, &d)) return false;
    *used = 10;
  } else if (allow_compact && text.size() == 8) {
    if (!Digits(text, 0, 4, &y) || !Digits(text, 4, 2, &m) || !Digits(text, 6, 2, &d)) return false;
    *used = 8;
  } else {
    return false;
  }
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return false;
  *days = DaysFromCivil(y, m, d);
  return true;
}

void AppendTwo(unsigned v, char* p) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

void AppendDateUnchecked(int64_t days, Buffer* out) {
  CivilDate c = CivilFromDays(days);
  char* p = out->Extend(10);
  auto y = static_cast<unsigned>(c.y);
  AppendTwo(y / 100, p);
  AppendTwo(y % 100, p + 2);
  p[4] = '-';
  AppendTwo(c.m, p + 5);
  p[7] = '-';
  AppendTwo(c.d, p + 8);
}

void AppendClock(unsigned seconds_of_day, Buffer* out) {
  char* p = out->Extend(8);
  AppendTwo(seconds_of_day / 3600, p);
  p[2] = ':';
  AppendTwo(seconds_of_day / 60 % 60, p + 3);
  p[5] = ':';
  AppendTwo(seconds_of_day % 60, p + 6);
}

int UnitDigits(TimeUnit unit) {
  static constexpr int kDigits[] = {0, 3, 6, 9};
  return kDigits[static_cast<int>(unit)];
}

}  // namespace

// Howard Hinnant's algorithms (http://howardhinnant.github.io/date_algorithms.html), exact for any int32 day.
CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

void AppendTimeOfDay(int64_t seconds, Buffer* out) {
  if (seconds < 0) out->Append("-", 1);
  uint64_t u = seconds < 0 ? 0 - static_cast<uint64_t>(seconds) : static_cast<uint64_t>(seconds);
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%02llu:%02u:%02u", static_cast<unsigned long long>(u / 3600),
                        static_cast<unsigned>(u / 60 % 60), static_cast<unsigned>(u % 60));
  out->Append(buf, static_cast<size_t>(n));
}

bool AppendDate(int64_t days, Buffer* out) {
  if (days < kMinDate || days > kMaxDate) return false;
  AppendDateUnchecked(days, out);
  return true;
}

bool AppendTimestamp(int64_t value, TimeUnit unit, Buffer* out) {
  const int64_t per = UnitsPerSecond(unit);
  const int64_t seconds = FloorDiv(value, per);
  // From the remainder, not value - seconds * per, which overflows for values near INT64_MIN in ns.
  const int64_t fraction = (value % per + per) % per;
  const int64_t days = FloorDiv(seconds, 86400);
  if (days < kMinDate || days > kMaxDate) return false;
  AppendDateUnchecked(days, out);
  out->Append("T", 1);
  AppendClock(static_cast<unsigned>(seconds - days * 86400), out);
  if (int digits = UnitDigits(unit)) {
    char buf[16];
    int n = std::snprintf(buf, sizeof buf, ".%0*lld", digits, static_cast<long long>(fraction));
    out->Append(buf, static_cast<size_t>(n));
  }
  out->Append("Z", 1);
  return true;
}

bool ParseTimeOfDay(std::string_view text, int32_t* seconds) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  size_t colon = text.find(':');
  // 1 to 6 hour digits: more could not fit an i32 anyway.
  if (colon == std::string_view::npos || colon < 1 || colon > 6 || text.size() != colon + 6 || text[colon + 3] != ':') {
    return false;
  }
  unsigned h, m, s;
  if (!Digits(text, 0, colon, &h) || !Digits(text, colon + 1, 2, &m) || !Digits(text, colon + 4, 2, &s)) return false;
  if (m > 59 || s > 59) return false;
  int64_t total = int64_t{h} * 3600 + m * 60 + s;
  if (negative) total = -total;
  if (total > INT32_MAX || total < INT32_MIN) return false;
  *seconds = static_cast<int32_t>(total);
  return true;
}

bool ParseDate(std::string_view text, int32_t* days) {
  int64_t d;
  size_t used;
  if (!ParseDatePart(text, true, &d, &used) || used != text.size()) return false;
  *days = static_cast<int32_t>(d);
  return true;
}

bool InTextRange(int64_t value, int64_t per) {
  const int64_t days = FloorDiv(FloorDiv(value, per), 86400);
  return days >= kMinDate && days <= kMaxDate;
}

bool ParseTimestamp(std::string_view text, TimeUnit unit, int64_t* value) {
  const int64_t per = UnitsPerSecond(unit);
  // A plain integer: a count of the unit, within the years that the text form can show.
  if (!text.empty() && text.find_first_not_of("+-0123456789") == std::string_view::npos) {
    const char* b = text.data() + (text[0] == '+' && text.size() > 1 && text[1] != '-' ? 1 : 0);
    int64_t v;
    auto r = std::from_chars(b, text.data() + text.size(), v);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size() || !InTextRange(v, per)) return false;
    *value = v;
    return true;
  }
  int64_t days;
  size_t pos;
  if (!ParseDatePart(text, false, &days, &pos)) return false;
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) return false;
  unsigned h, m, s;
  if (!Digits(text, pos + 1, 2, &h) || text.size() < pos + 9 || text[pos + 3] != ':' || !Digits(text, pos + 4, 2, &m) ||
      text[pos + 6] != ':' || !Digits(text, pos + 7, 2, &s)) {
    return false;
  }
  if (h > 23 || m > 59 || s > 59) return false;
  pos += 9;
  int64_t fraction = 0;
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    size_t start = ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < UnitDigits(unit)) {
        fraction = fraction * 10 + (text[pos] - '0');
        ++digits;
      } else if (text[pos] != '0') {
        return false;  // finer than the unit holds: refused, not rounded
      }
      ++pos;
    }
    if (pos == start) return false;
    for (; digits < UnitDigits(unit); ++digits) fraction *= 10;
  }
  int64_t offset = 0;  // seconds east of UTC
  if (pos < text.size()) {
    std::string_view zone = text.substr(pos);
    unsigned zh = 0, zm = 0;
    if (zone == "Z" || zone == "z") {
      // UTC
    } else if (zone[0] == '+' || zone[0] == '-') {
      bool ok = (zone.size() == 3 && Digits(zone, 1, 2, &zh)) ||
                (zone.size() == 5 && Digits(zone, 1, 2, &zh) && Digits(zone, 3, 2, &zm)) ||
                (zone.size() == 6 && zone[3] == ':' && Digits(zone, 1, 2, &zh) && Digits(zone, 4, 2, &zm));
      if (!ok || zh > 23 || zm > 59) return false;
      offset = (zone[0] == '-' ? -1 : 1) * int64_t{zh * 3600 + zm * 60};
    } else {
      return false;
    }
  }
  const int64_t seconds = days * 86400 + h * 3600 + m * 60 + s - offset;
  int64_t v;
  if (__builtin_mul_overflow(seconds, per, &v) || __builtin_add_overflow(v, fraction, &v)) return false;
  if (!InTextRange(v, per)) return false;  // a zone offset can push 0000-01-01 or 9999-12-31 out
  *value = v;
  return true;
}

std::string_view LogicalTextForm(Logical kind) {
  switch (kind) {
    case Logical::kTime: return "H:MM:SS";
    case Logical::kDate: return "YYYY-MM-DD or YYYYMMDD, years 0000 to 9999";
    case Logical::kTimestamp: return "YYYY-MM-DDTHH:MM:SS[.fraction][Z|+HH:MM] or an integer";
    default: return "";
  }
}

}  // namespace recpipe
