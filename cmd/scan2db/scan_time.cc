#include "cmd/scan2db/scan_time.h"

#include <cstdio>

#include "lib/logical_text.h"

namespace recpipe::scan2db {
namespace {

// The value of text[pos .. pos + n) when all are digits, else -1 (n <= 6: no overflow).
int64_t Digits(std::string_view text, size_t pos, size_t n) {
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    const unsigned digit = static_cast<unsigned char>(text[pos + i]) - unsigned{'0'};
    if (digit > 9) return -1;
    v = v * 10 + digit;
  }
  return v;
}

// The two-digit value at text[pos], or 100 (out of every field's range) when either is not a digit.
unsigned TwoDigits(std::string_view text, size_t pos) {
  const unsigned hi = static_cast<unsigned char>(text[pos]) - unsigned{'0'};
  const unsigned lo = static_cast<unsigned char>(text[pos + 1]) - unsigned{'0'};
  return (hi > 9) | (lo > 9) ? 100 : hi * 10 + lo;
}

// Days since 1970 of the first of each month, and each month's length, for the years listings hold (1900 to 2155):
// a table look-up instead of the calendar arithmetic, three times a line. Other years take the arithmetic.
struct MonthTable {
  static constexpr int64_t kFirstYear = 1900;
  static constexpr int64_t kYears = 256;
  int32_t first_day[kYears][12] = {};
  uint8_t length[kYears][12] = {};
  constexpr MonthTable() {
    for (int64_t y = 0; y < kYears; ++y) {
      for (unsigned m = 1; m <= 12; ++m) {
        first_day[y][m - 1] = static_cast<int32_t>(DaysFromCivil(kFirstYear + y, m, 1));
        const int64_t next = m == 12 ? DaysFromCivil(kFirstYear + y + 1, 1, 1) : DaysFromCivil(kFirstYear + y, m + 1, 1);
        length[y][m - 1] = static_cast<uint8_t>(next - first_day[y][m - 1]);
      }
    }
  }
};
// Made by the compiler: no order of static initialisation to get wrong.
constexpr MonthTable kMonths;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

bool ParseScanTime(std::string_view text, int64_t* micros) {
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':') {
    return false;
  }
  // Three times on every line of a listing: each field is read and range-checked in one step.
  const int64_t y = Digits(text, 0, 4);
  const unsigned mo = TwoDigits(text, 5), d = TwoDigits(text, 8), h = TwoDigits(text, 11), mi = TwoDigits(text, 14),
                 s = TwoDigits(text, 17);
  if (y < 0) return false;
  int64_t frac = 0;
  if (text.size() > 19) {
    const size_t n = text.size() - 20;
    if (text[19] != '.' || n < 1 || n > 6 || (frac = Digits(text, 20, n)) < 0) return false;
    for (size_t i = n; i < 6; ++i) frac *= 10;
  }
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return false;
  int64_t days;
  if (const uint64_t in_table = static_cast<uint64_t>(y - MonthTable::kFirstYear); in_table < MonthTable::kYears) {
    if (d > kMonths.length[in_table][mo - 1]) return false;
    days = kMonths.first_day[in_table][mo - 1] + static_cast<int64_t>(d) - 1;
  } else {
    static constexpr unsigned kDaysIn[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > kDaysIn[mo - 1] || (mo == 2 && d == 29 && !leap)) return false;
    days = DaysFromCivil(y, mo, d);
  }
  *micros = ((days * 24 + h) * 60 + mi) * 60 * 1000000 + int64_t{s} * 1000000 + frac;
  return true;
}

int64_t DaysFromMicros(int64_t micros) { return FloorDiv(micros, 86400LL * 1000000); }

size_t FormatScanTime(int64_t micros, char* out) {
  int64_t days = DaysFromMicros(micros);
  int64_t rest = micros - days * 86400LL * 1000000;
  const CivilDate date = CivilFromDays(days);
  const int64_t y = date.y;
  const unsigned m = date.m, d = date.d;
  const int64_t secs = rest / 1000000;
  if (y < 0 || y > 9999) {  // rare: printf's rules for the sign and the fifth digit
    return static_cast<size_t>(std::snprintf(out, kScanTimeMax, "%04lld-%02u-%02u %02lld:%02lld:%02lld.%06lld",
                                             static_cast<long long>(y), m, d, static_cast<long long>(secs / 3600),
                                             static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60),
                                             static_cast<long long>(rest % 1000000)));
  }
  // The common case by hand: the database writer formats two times per directory, and snprintf was 5% of a run.
  auto put = [&](size_t at, int64_t value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10)
      out[at + static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  put(0, y, 4);
  out[4] = '-';
  put(5, m, 2);
  out[7] = '-';
  put(8, d, 2);
  out[10] = ' ';
  put(11, secs / 3600, 2);
  out[13] = ':';
  put(14, secs / 60 % 60, 2);
  out[16] = ':';
  put(17, secs % 60, 2);
  out[19] = '.';
  put(20, rest % 1000000, 6);
  out[26] = '\0';
  return 26;
}

std::string FormatScanTime(int64_t micros) {
  char buf[kScanTimeMax];
  return std::string(buf, FormatScanTime(micros, buf));
}

}  // namespace recpipe::scan2db
