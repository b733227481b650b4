// Coordinates of stops and shape points (number_out_of_range, point_near_origin, point_near_pole), stops without
// the coordinates their location_type needs, the parent station rules (wrong_parent_location_type,
// station_with_parent_station, location_without_parent_station), and two local best practices: stops outside
// stations closer than 1 m to one another (stop_too_close) and stops farther than 1 km from their parent station
// (stop_too_far_from_parent_station). Holds, per stop, its type, coordinates, line and parent.
#include <algorithm>
#include <cmath>
#include <optional>

#include "cmd/parse_gtfs/check/check_state.h"

namespace recpipe::parse_gtfs::check {
namespace {

constexpr double kTooCloseMetres = 1.0;
constexpr double kTooFarFromParentMetres = 1000.0;

class GeographyRules : public RuleGroup {
 public:
  using RuleGroup::RuleGroup;

  bool BeginFile(const FileView& f) override {
    if (f.table == "stops") {
      stops_file_ = f.name;
      id_ = f.Column("stop_id");
      lat_ = f.Column("stop_lat");
      lon_ = f.Column("stop_lon");
      type_ = f.Column("location_type");
      parent_ = f.Column("parent_station");
      in_stops_ = true;
      return true;
    }
    if (f.table == "shapes") {
      lat_ = f.Column("shape_pt_lat");
      lon_ = f.Column("shape_pt_lon");
      in_stops_ = false;
      return true;
    }
    return false;
  }

  void Row(const RowView& row) override {
    double lat = NAN, lon = NAN;
    const bool has = Coordinates(row, &lat, &lon);
    if (!in_stops_) {
      if (has) NearOriginOrPole(row, lat, lon, "shape_pt_lat;shape_pt_lon");
      return;
    }
    int64_t type = -1;
    std::string_view type_text = row.Get(type_);
    if (!type_text.empty() && !ParseInt(type_text, &type)) type = -2;  // not a number: values.cc says so
    if (has && type != 3 && type != 4) NearOriginOrPole(row, lat, lon, "stop_lat;stop_lon");
    if ((type <= 2 && type >= -1) && (row.Get(lat_).empty() || row.Get(lon_).empty())) {
      for (auto [c, name] : {std::pair{lat_, "stop_lat"}, std::pair{lon_, "stop_lon"}}) {
        if (row.Get(c).empty()) {
          s_.Add(Severity::kError, "missing_required_field", row.file->name, row.line, name, "",
                 "stops, stations and entrances (location_type 0, 1, 2) need coordinates");
        }
      }
    }
    std::string_view id = row.Get(id_);
    if (id.empty()) return;
    const uint32_t n = s_.pool(kStop).Intern(id);
    if (n < lines_.size() && lines_[n] != 0) return;  // a duplicate stop_id (keys.cc): the first row counts
    if (s_.stop_type.size() <= n) {
      s_.stop_type.resize(n + 1, -1);
      s_.stop_lat.resize(n + 1, NAN);
      s_.stop_lon.resize(n + 1, NAN);
      lines_.resize(n + 1, 0);
    }
    s_.stop_type[n] = static_cast<int8_t>(type < -1 || type > 127 ? -1 : type);
    std::string_view parent = row.Get(parent_);
    if (has) {
      s_.stop_lat[n] = static_cast<float>(lat);
      s_.stop_lon[n] = static_cast<float>(lon);
      if (parent.empty()) exact_.push_back({lat, lon, n});  // stops in a station may share its place
    }
    lines_[n] = row.line;
    if (!parent.empty()) parents_.push_back({n, parent_names_.Intern(parent)});
    if (parent.empty() && (type == 2 || type == 3 || type == 4)) {
      s_.Add(Severity::kError, "location_without_parent_station", row.file->name, row.line, "parent_station", "",
             "entrances, generic nodes and boarding areas (location_type 2, 3, 4) need a parent_station");
    }
  }

  void EndFile(const FileView& f) override {
    if (f.table != "stops") return;
    for (const auto& [child, parent_name] : parents_) ParentRules(child, parent_names_.Get(parent_name));
    TooClose();
    exact_.clear();
  }

 private:
  bool Coordinates(const RowView& row, double* lat, double* lon) {
    std::string_view a = row.Get(lat_), b = row.Get(lon_);
    bool ok = ParseNumber(a, lat) && ParseNumber(b, lon);
    // Out of range: each coordinate on its own (a value that is no number at all is values.cc's).
    double x;
    if (ParseNumber(a, &x) && (x < -90 || x > 90)) {
      s_.Add(Severity::kError, "number_out_of_range", row.file->name, row.line, row.file->columns[lat_], a,
             "a latitude must be within -90 and 90");
      ok = false;
    }
    if (ParseNumber(b, &x) && (x < -180 || x > 180)) {
      s_.Add(Severity::kError, "number_out_of_range", row.file->name, row.line, row.file->columns[lon_], b,
             "a longitude must be within -180 and 180");
      ok = false;
    }
    return ok;
  }

  void NearOriginOrPole(const RowView& row, double lat, double lon, const char* fields) {
    const std::string value = std::string(row.Get(lat_)) + "," + std::string(row.Get(lon_));
    if (std::fabs(lat) < 1 && std::fabs(lon) < 1) {
      s_.Add(Severity::kError, "point_near_origin", row.file->name, row.line, fields, value,
             "the point lies within 1 degree of (0, 0), most likely a coordinate left at zero");
    } else if (std::fabs(lat) >= 89) {
      s_.Add(Severity::kError, "point_near_pole", row.file->name, row.line, fields, value,
             "the point lies within 1 degree of a pole");
    }
  }

  void ParentRules(uint32_t child, std::string_view parent_name) {
    std::optional<uint32_t> parent = s_.pool(kStop).Find(parent_name);
    if (!parent) return;  // references.cc reports it
    const int type = s_.stop_type[child], parent_type = s_.stop_type[*parent];
    const uint64_t line = lines_[child];
    if (type == 1) {
      s_.Add(Severity::kError, "station_with_parent_station", stops_file_, line, "parent_station", parent_name,
             "a station (location_type 1) cannot have a parent_station");
      return;
    }
    const int want = type == 4 ? 0 : 1;  // boarding areas sit in platforms; the others in stations
    if (parent_type != want && !(want == 0 && parent_type == -1)) {
      s_.Add(Severity::kError, "wrong_parent_location_type", stops_file_, line, "parent_station", parent_name,
             "the parent has location_type " + std::to_string(parent_type < 0 ? 0 : parent_type) + ", not " +
                 std::to_string(want));
    } else if (type == 0 || type == -1) {
      const double d =
          DistanceMetres(s_.stop_lat[child], s_.stop_lon[child], s_.stop_lat[*parent], s_.stop_lon[*parent]);
      if (d > kTooFarFromParentMetres) {
        s_.Add(Severity::kWarning, "stop_too_far_from_parent_station", stops_file_, line, "stop_lat;stop_lon", "",
               "the stop lies " + std::to_string(static_cast<int64_t>(d)) + " m from its parent station");
      }
    }
  }

  // Stops (location_type 0 or empty, not in a station) closer than 1 m: sorted by latitude, each is compared with those
  // after it that are within 1 m north. Reported on the later line of the two.
  void TooClose() {
    std::sort(exact_.begin(), exact_.end(), [](const Point& a, const Point& b) { return a.lat < b.lat; });
    const double lat_window = kTooCloseMetres / 111000.0 * 1.01;
    for (size_t i = 0; i < exact_.size(); ++i) {
      const Point& a = exact_[i];
      if (s_.stop_type[a.stop] > 0) continue;
      for (size_t j = i + 1; j < exact_.size() && exact_[j].lat - a.lat <= lat_window; ++j) {
        const Point& b = exact_[j];
        if (s_.stop_type[b.stop] > 0) continue;
        const double d = DistanceMetres(a.lat, a.lon, b.lat, b.lon);
        if (d >= kTooCloseMetres) continue;
        const uint32_t later = lines_[a.stop] > lines_[b.stop] ? a.stop : b.stop;
        const uint32_t other = later == a.stop ? b.stop : a.stop;
        s_.Add(Severity::kWarning, "stop_too_close", stops_file_, lines_[later], "stop_lat;stop_lon",
               s_.pool(kStop).Get(later),
               "the stop lies less than 1 m from stop '" + std::string(s_.pool(kStop).Get(other)) + "' (line " +
                   std::to_string(lines_[other]) + ")");
      }
    }
  }

  struct Point {
    double lat, lon;
    uint32_t stop;
  };
  bool in_stops_ = false;
  std::string stops_file_;
  int id_ = -1, lat_ = -1, lon_ = -1, type_ = -1, parent_ = -1;
  std::vector<uint64_t> lines_;                         // by stop id
  std::vector<std::pair<uint32_t, uint32_t>> parents_;  // stop id, parent name in parent_names_
  StringPool parent_names_;
  std::vector<Point> exact_;  // stops with coordinates (double, for the 1 m test), while stops.txt is read
};

}  // namespace

std::unique_ptr<RuleGroup> MakeGeographyRules(CheckState& state) { return std::make_unique<GeographyRules>(state); }

}  // namespace recpipe::parse_gtfs::check
