#include "cmd/parse_events/time_unit.h"

#include <cmath>
#include <cstdlib>

#include "lib/error.h"

namespace recpipe::parse_events {

int64_t ParseTime(const std::string& text, const char* option) {
  auto bad = [&] {
    return UsageError(std::string(option) + ": '" + text +
                      "' is not a time (microseconds, or a number with us, ms, s, min or h)");
  };
  size_t digits = 0;
  while (digits < text.size() && (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.' ||
                                  (digits == 0 && text[digits] == '-'))) {
    ++digits;
  }
  if (digits == 0 || (digits == 1 && text[0] == '-')) throw bad();
  std::string number = text.substr(0, digits), unit = text.substr(digits);
  char* end = nullptr;
  double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !std::isfinite(value)) throw bad();
  double scale;
  if (unit.empty() || unit == "us") scale = 1;
  else if (unit == "ms") scale = 1e3;
  else if (unit == "s") scale = 1e6;
  else if (unit == "min") scale = 60e6;
  else if (unit == "h") scale = 3600e6;
  else throw bad();
  double us = std::round(value * scale);
  if (std::fabs(us) > 9.0e18) throw bad();
  return static_cast<int64_t>(us);
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
