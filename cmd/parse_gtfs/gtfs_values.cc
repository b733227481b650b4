#include "cmd/parse_gtfs/gtfs_values.h"

#include "lib/logical_text.h"

namespace recpipe::parse_gtfs {
namespace {

bool Digit(char c) { return c >= '0' && c <= '9'; }
int TwoDigits(const char* p) { return (p[0] - '0') * 10 + (p[1] - '0'); }

}  // namespace

bool ParseGtfsTime(std::string_view text, int32_t* seconds) {
  // H:MM:SS has 7 characters; hours take 1 to 4 digits.
  if (text.size() < 7 || text.size() > 10) return false;
  const size_t hour_digits = text.size() - 6;
  int32_t hours = 0;
  for (size_t i = 0; i < hour_digits; ++i) {
    if (!Digit(text[i])) return false;
    hours = hours * 10 + (text[i] - '0');
  }
  const char* p = text.data() + hour_digits;
  if (p[0] != ':' || p[3] != ':' || !Digit(p[1]) || !Digit(p[2]) || !Digit(p[4]) || !Digit(p[5])) return false;
  int minutes = TwoDigits(p + 1), secs = TwoDigits(p + 4);
  if (minutes > 59 || secs > 59) return false;
  *seconds = hours * 3600 + minutes * 60 + secs;
  return true;
}

bool ParseGtfsDate(std::string_view text, int32_t* days) {
  if (text.size() != 8) return false;
  for (char c : text) {
    if (!Digit(c)) return false;
  }
  const int year = TwoDigits(text.data()) * 100 + TwoDigits(text.data() + 2);
  const unsigned month = static_cast<unsigned>(TwoDigits(text.data() + 4));
  const unsigned day = static_cast<unsigned>(TwoDigits(text.data() + 6));
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr unsigned kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kMonthDays[month - 1] + (month == 2 && leap ? 1 : 0)) return false;
  *days = static_cast<int32_t>(DaysFromCivil(year, month, day));  // lib/logical_text: the one calendar
  return true;
}

}  // namespace recpipe::parse_gtfs
