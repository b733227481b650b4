// Small helpers the rules share: numbers, distances, time zone names.
#include <sys/stat.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <string>

#include "cmd/parse_gtfs/check/check_state.h"

namespace recpipe::parse_gtfs::check {
namespace {

// The zone names and links of the system's tz database (Debian's tzdata), read once; empty when it is absent.
const std::set<std::string, std::less<>>& ZoneNames() {
  static const std::set<std::string, std::less<>> names = [] {
    std::set<std::string, std::less<>> out;
    std::ifstream in("/usr/share/zoneinfo/tzdata.zi");
    std::string line;
    while (std::getline(in, line)) {
      // "Z NAME ..." a zone; "L TARGET NAME" a link (an old or alternative name).
      if (line.size() > 2 && line[0] == 'Z' && line[1] == ' ') {
        out.insert(line.substr(2, line.find(' ', 2) - 2));
      } else if (line.size() > 2 && line[0] == 'L' && line[1] == ' ') {
        size_t space = line.find(' ', 2);
        if (space != std::string::npos) out.insert(line.substr(space + 1));
      }
    }
    return out;
  }();
  return names;
}

}  // namespace

int FileView::Column(std::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == column) return static_cast<int>(i);
  }
  return -1;
}

std::string_view RowView::Get(int column) const {
  if (column < 0 || static_cast<size_t>(column) >= fields->size()) return {};
  std::string_view v = (*fields)[column];
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

bool ParseNumber(std::string_view text, double* value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(*value);
}

double NumberOrNaN(std::string_view text) {
  double x;
  return ParseNumber(text, &x) ? x : NAN;
}

bool ParseInt(std::string_view text, int64_t* value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return ec == std::errc() && end == text.data() + text.size();
}

double DistanceMetres(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRadius = 6371008.8, kRad = M_PI / 180;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kRadius * std::asin(std::min(1.0, std::sqrt(a)));
}

bool IsTimezone(std::string_view name) {
  if (name.empty()) return false;
  const auto& names = ZoneNames();
  if (!names.empty()) return names.find(name) != names.end();
  // Without tzdata.zi: a file of that name under /usr/share/zoneinfo (no way up out of the folder).
  if (name.find("..") != std::string_view::npos || name.front() == '/') return false;
  struct stat st;
  if (stat("/usr/share/zoneinfo", &st) != 0) return true;  // no tz database here: nothing to check against
  return stat(("/usr/share/zoneinfo/" + std::string(name)).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

void CheckState::Add(Severity severity, std::string code, const std::string& file, uint64_t line, std::string field,
                     std::string_view value, std::string message) {
  Notice n;
  n.severity = severity == Severity::kError ? "ERROR" : severity == Severity::kWarning ? "WARNING" : "INFO";
  n.code = std::move(code);
  n.file = file;
  n.line = line;
  n.field = std::move(field);
  n.value = Excerpt(value);
  n.message = std::move(message);
  notices_.push_back(std::move(n));
  if (severity == Severity::kError) ++errors_;
}

bool CheckState::HasTable(std::string_view table) const {
  for (const std::string& t : tables) {
    if (t == table) return true;
  }
  return false;
}

}  // namespace recpipe::parse_gtfs::check
