// The order of shape points, by shape_id and shape_pt_sequence: duplicate_key, decreasing_shape_distance,
// equal_shape_distance_diff_coordinates, and the local shape_segment_too_long (a shape's first segment over
// 100 km). Memory: the points of one shape at a time (grouped_rows.h).
#include <cmath>

#include "cmd/parse_gtfs/check/grouped_rows.h"

namespace recpipe::parse_gtfs::check {
namespace {

constexpr double kLongSegmentMetres = 100000.0;

struct ShapePoint {
  uint64_t line;
  int64_t seq;
  double dist, lat, lon;  // NaN when empty
};

class ShapeRules : public RuleGroup {
 public:
  explicit ShapeRules(CheckState& state)
      : RuleGroup(state), shapes_(state, [this](uint32_t k, std::vector<ShapePoint>& rows) { CheckShape(k, rows); }) {}

  bool BeginFile(const FileView& f) override {
    if (f.table != "shapes") return false;
    shapes_file_ = f.name;
    shape_ = f.Column("shape_id");
    sh_seq_ = f.Column("shape_pt_sequence");
    sh_dist_ = f.Column("shape_dist_traveled");
    lat_ = f.Column("shape_pt_lat");
    lon_ = f.Column("shape_pt_lon");
    return shape_ >= 0 && sh_seq_ >= 0;
  }

  void Row(const RowView& row) override {
    std::string_view key;
    ShapePoint p;
    if (ShapePointOf(row, &key, &p)) shapes_.Add(key, p);
  }

  void EndFile(const FileView& f) override {
    if (f.table == "shapes") shapes_.Close();
  }

  void Finish() override {
    shapes_.Finish("shapes",
                   [this](const RowView& r, std::string_view* k, ShapePoint* p) { return ShapePointOf(r, k, p); });
  }

 private:
  bool ShapePointOf(const RowView& row, std::string_view* key, ShapePoint* p) {
    *key = row.Get(shape_);
    if (key->empty() || !ParseInt(row.Get(sh_seq_), &p->seq)) return false;
    p->line = row.line;
    p->dist = NumberOrNaN(row.Get(sh_dist_));
    p->lat = NumberOrNaN(row.Get(lat_));
    p->lon = NumberOrNaN(row.Get(lon_));
    return true;
  }

  void CheckShape(uint32_t key, std::vector<ShapePoint>& rows) {
    const std::string& file = shapes_file_;
    std::string_view shape = shapes_.keys().Get(key);
    double previous_dist = NAN;
    const ShapePoint* previous_dist_point = nullptr;
    bool long_reported = false;
    for (size_t i = 0; i < rows.size(); ++i) {
      const ShapePoint& p = rows[i];
      if (i > 0 && p.seq == rows[i - 1].seq) {
        shapes_.Note(key, Severity::kError, "duplicate_key", file, std::max(p.line, rows[i - 1].line),
                     "shape_id;shape_pt_sequence", shape,
                     "shape_pt_sequence " + std::to_string(p.seq) + " is also on line " +
                         std::to_string(std::min(p.line, rows[i - 1].line)));
      }
      if (!std::isnan(p.dist)) {
        if (!std::isnan(previous_dist) && p.dist < previous_dist) {
          shapes_.Note(key, Severity::kError, "decreasing_shape_distance", file, p.line, "shape_dist_traveled", shape,
                       "shape_dist_traveled is less than the previous point's");
        } else if (!std::isnan(previous_dist) && p.dist == previous_dist &&
                   (p.lat != previous_dist_point->lat || p.lon != previous_dist_point->lon)) {
          shapes_.Note(key, Severity::kError, "equal_shape_distance_diff_coordinates", file, p.line,
                       "shape_dist_traveled", shape,
                       "shape_dist_traveled equals the previous point's, at other coordinates");
        }
        previous_dist = p.dist;
        previous_dist_point = &p;
      }
      if (i > 0 && !long_reported) {
        const double d = DistanceMetres(rows[i - 1].lat, rows[i - 1].lon, p.lat, p.lon);
        if (d > kLongSegmentMetres) {
          long_reported = true;
          shapes_.Note(key, Severity::kWarning, "shape_segment_too_long", file, p.line, "shape_pt_lat;shape_pt_lon",
                       shape,
                       "the segment to this point is " + std::to_string(static_cast<int64_t>(d / 1000)) +
                           " km long (more than 100 km)");
        }
      }
    }
  }

  std::string shapes_file_;
  int shape_ = -1, sh_seq_ = -1, sh_dist_ = -1, lat_ = -1, lon_ = -1;
  GroupedRows<ShapePoint> shapes_;
};

}  // namespace

std::unique_ptr<RuleGroup> MakeShapeRules(CheckState& state) { return std::make_unique<ShapeRules>(state); }

}  // namespace recpipe::parse_gtfs::check
