// stop_too_far_from_shape: a stop that a trip calls at lies more than 100 m from the trip's shape. Each
// (stop, shape) pair that the stop times use is kept (8 bytes), and every shape point (16 bytes); at the end each
// pair's stop is measured against its shape's polyline. Reported once per stop, on its row of stops.txt, with the
// first such shape.
#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "cmd/parse_gtfs/check/check_state.h"

namespace recpipe::parse_gtfs::check {
namespace {

constexpr double kTooFarMetres = 100.0;
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

struct Point {
  uint32_t shape;
  int32_t seq;
  float lat, lon;
};

// Metres from (lat0, lon0) to the segment a-b, on a plane tangent at (lat0, lon0) (segments are short).
double SegmentDistance(double lat0, double lon0, const Point& a, const Point& b) {
  constexpr double kMetresPerDegree = 6371008.8 * M_PI / 180;
  const double k = std::cos(lat0 * M_PI / 180);
  const double ax = (a.lon - lon0) * k * kMetresPerDegree, ay = (a.lat - lat0) * kMetresPerDegree;
  const double bx = (b.lon - lon0) * k * kMetresPerDegree, by = (b.lat - lat0) * kMetresPerDegree;
  const double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(ax + t * dx, ay + t * dy);
}

class StopShapeDistance : public RuleGroup {
 public:
  using RuleGroup::RuleGroup;

  bool BeginFile(const FileView& f) override {
    table_ = f.table;
    if (f.table == "stops") {
      stops_file_ = f.name;
      stop_ = f.Column("stop_id");
      return stop_ >= 0;
    }
    if (f.table == "trips") {
      trip_ = f.Column("trip_id");
      shape_ = f.Column("shape_id");
      return trip_ >= 0 && shape_ >= 0;
    }
    if (f.table == "stop_times") {
      trip_ = f.Column("trip_id");
      stop_ = f.Column("stop_id");
      last_trip_.clear();
      last_shape_ = kNone;
      return trip_ >= 0 && stop_ >= 0;
    }
    if (f.table == "shapes") {
      shape_ = f.Column("shape_id");
      seq_ = f.Column("shape_pt_sequence");
      lat_ = f.Column("shape_pt_lat");
      lon_ = f.Column("shape_pt_lon");
      return shape_ >= 0 && seq_ >= 0 && lat_ >= 0 && lon_ >= 0;
    }
    return false;
  }

  void Row(const RowView& row) override {
    if (table_ == "stops") {
      // The first row of each stop_id (the geography rules intern them in the same order).
      if (row.Get(stop_).empty()) return;
      const uint32_t id = s_.pool(kStop).Intern(row.Get(stop_));
      if (stop_lines_.size() <= id) stop_lines_.resize(id + 1, 0);
      if (stop_lines_[id] == 0) stop_lines_[id] = row.line;
    } else if (table_ == "trips") {
      std::string_view shape = row.Get(shape_), trip = row.Get(trip_);
      if (shape.empty() || trip.empty()) return;
      const uint32_t id = s_.pool(kTrip).Intern(trip);
      if (trip_shape_.size() <= id) trip_shape_.resize(id + 1, kNone);
      if (trip_shape_[id] == kNone) trip_shape_[id] = shapes_.Intern(shape);
    } else if (table_ == "stop_times") {
      std::string_view trip = row.Get(trip_);
      if (trip != last_trip_) {  // rows come by trip: one look-up per trip, not per row
        last_trip_.assign(trip);
        std::optional<uint32_t> id = s_.pool(kTrip).Find(trip);
        last_shape_ = id && *id < trip_shape_.size() ? trip_shape_[*id] : kNone;
      }
      if (last_shape_ == kNone) return;
      std::optional<uint32_t> stop = s_.pool(kStop).Find(row.Get(stop_));
      if (stop) pairs_.insert(uint64_t{last_shape_} << 32 | *stop);
    } else {
      std::optional<uint32_t> shape = shapes_.Find(row.Get(shape_));
      int64_t seq;
      double lat, lon;
      if (!shape || !ParseInt(row.Get(seq_), &seq) || !ParseNumber(row.Get(lat_), &lat) ||
          !ParseNumber(row.Get(lon_), &lon)) {
        return;
      }
      points_.push_back({*shape, static_cast<int32_t>(seq), static_cast<float>(lat), static_cast<float>(lon)});
    }
  }

  void Finish() override {
    std::stable_sort(points_.begin(), points_.end(), [](const Point& a, const Point& b) {
      return a.shape != b.shape ? a.shape < b.shape : a.seq < b.seq;
    });
    std::vector<uint64_t> pairs(pairs_.begin(), pairs_.end());
    std::sort(pairs.begin(), pairs.end());  // by shape, then stop: a fixed order of work
    std::vector<bool> reported(s_.pool(kStop).size(), false);
    size_t begin = 0;
    for (uint64_t pair : pairs) {
      const uint32_t shape = static_cast<uint32_t>(pair >> 32), stop = static_cast<uint32_t>(pair);
      while (begin < points_.size() && points_[begin].shape < shape) ++begin;
      size_t end = begin;
      while (end < points_.size() && points_[end].shape == shape) ++end;
      if (end == begin || reported[stop] || stop >= s_.stop_lat.size() || std::isnan(s_.stop_lat[stop])) continue;
      if (s_.stop_type[stop] > 0 || stop >= stop_lines_.size()) continue;  // stops and platforms only
      const double lat = s_.stop_lat[stop], lon = s_.stop_lon[stop];
      double best = std::numeric_limits<double>::infinity();
      for (size_t i = begin; i + 1 < end && best > kTooFarMetres; ++i) {
        best = std::min(best, SegmentDistance(lat, lon, points_[i], points_[i + 1]));
      }
      if (end - begin == 1) best = SegmentDistance(lat, lon, points_[begin], points_[begin]);
      if (best <= kTooFarMetres) continue;
      reported[stop] = true;
      s_.Add(Severity::kWarning, "stop_too_far_from_shape", stops_file_, stop_lines_[stop], "stop_lat;stop_lon",
             s_.pool(kStop).Get(stop),
             "the stop lies " + std::to_string(static_cast<int64_t>(best)) + " m from shape '" +
                 std::string(shapes_.Get(shape)) + "' of a trip that calls at it");
    }
  }

 private:
  std::string table_, stops_file_;
  int stop_ = -1, trip_ = -1, shape_ = -1, seq_ = -1, lat_ = -1, lon_ = -1;
  std::vector<uint64_t> stop_lines_;  // by stop id
  std::vector<uint32_t> trip_shape_;  // by trip id: its shape in shapes_
  StringPool shapes_;
  std::string last_trip_;
  uint32_t last_shape_ = kNone;
  std::unordered_set<uint64_t> pairs_;  // shape << 32 | stop
  std::vector<Point> points_;
};

}  // namespace

std::unique_ptr<RuleGroup> MakeStopShapeDistanceRules(CheckState& state) {
  return std::make_unique<StopShapeDistance>(state);
}

}  // namespace recpipe::parse_gtfs::check
