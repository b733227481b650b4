#include "cmd/scan2db/scan_time.h"

#include <cstdio>

#include "lib/logical_text.h"

namespace recpipe::scan2db {
namespace {

bool Digits(std::string_view text, size_t pos, size_t n, int64_t* value) {
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *value = v;
  return true;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

bool ParseScanTime(std::string_view text, int64_t* micros) {
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':') {
    return false;
  }
  int64_t y, mo, d, h, mi, s;
  if (!Digits(text, 0, 4, &y) || !Digits(text, 5, 2, &mo) || !Digits(text, 8, 2, &d) || !Digits(text, 11, 2, &h) ||
      !Digits(text, 14, 2, &mi) || !Digits(text, 17, 2, &s)) {
    return false;
  }
  int64_t frac = 0;
  if (text.size() > 19) {
    size_t n = text.size() - 20;
    if (text[19] != '.' || n < 1 || n > 6 || !Digits(text, 20, n, &frac)) return false;
    for (size_t i = n; i < 6; ++i) frac *= 10;
  }
  static constexpr int kDaysIn[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > kDaysIn[mo - 1] || h > 23 || mi > 59 || s > 60) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo == 2 && d == 29 && !leap) return false;
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  *micros = ((days * 24 + h) * 60 + mi) * 60 * 1000000 + s * 1000000 + frac;
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
