// foreign_key_violation: a value that must name a row of another file (or of the same one) names none. The files
// that define a kind of key fill its pool (check_state.h); a reference is checked at once when every file defining
// its key has been read (stop_times' trip_id and stop_id: trips and stops come first), else kept (file, line,
// column, value) until the end.
#include "cmd/parse_gtfs/check/check_state.h"

namespace recpipe::parse_gtfs::check {
namespace {

struct Definer {
  std::string_view table, column;
  Space space;
};

struct Reference {
  std::string_view table, column;
  Space space;
  std::string_view target;  // for the message: "agency.txt", "calendar.txt or calendar_dates.txt", ...
};

const std::vector<Definer>& Definers() {
  static const std::vector<Definer> d = {
      {"agency", "agency_id", kAgency},
      {"stops", "stop_id", kStop},
      {"stops", "zone_id", kZone},
      {"routes", "route_id", kRoute},
      {"routes", "network_id", kNetworkAny},
      {"networks", "network_id", kNetworkAny},
      {"networks", "network_id", kNetworkFile},
      {"trips", "trip_id", kTrip},
      {"calendar", "service_id", kService},
      {"calendar_dates", "service_id", kService},
      {"shapes", "shape_id", kShape},
      {"fare_attributes", "fare_id", kFare},
      {"levels", "level_id", kLevel},
      {"areas", "area_id", kArea},
      {"rider_categories", "rider_category_id", kRiderCategory},
      {"fare_media", "fare_media_id", kFareMedia},
      {"fare_products", "fare_product_id", kFareProduct},
      {"fare_leg_rules", "leg_group_id", kLegGroup},
      {"timeframes", "timeframe_group_id", kTimeframe},
      {"location_groups", "location_group_id", kLocationGroup},
      {"booking_rules", "booking_rule_id", kBookingRule},
  };
  return d;
}

const std::vector<Reference>& References() {
  static const std::vector<Reference> r = {
      {"stops", "parent_station", kStop, "stops.txt"},
      {"stops", "level_id", kLevel, "levels.txt"},
      {"routes", "agency_id", kAgency, "agency.txt"},
      {"trips", "route_id", kRoute, "routes.txt"},
      {"trips", "service_id", kService, "calendar.txt or calendar_dates.txt"},
      {"trips", "shape_id", kShape, "shapes.txt"},
      {"stop_times", "trip_id", kTrip, "trips.txt"},
      {"stop_times", "stop_id", kStop, "stops.txt"},
      {"stop_times", "location_group_id", kLocationGroup, "location_groups.txt"},
      {"stop_times", "pickup_booking_rule_id", kBookingRule, "booking_rules.txt"},
      {"stop_times", "drop_off_booking_rule_id", kBookingRule, "booking_rules.txt"},
      {"fare_attributes", "agency_id", kAgency, "agency.txt"},
      {"fare_rules", "fare_id", kFare, "fare_attributes.txt"},
      {"fare_rules", "route_id", kRoute, "routes.txt"},
      {"fare_rules", "origin_id", kZone, "stops.txt (zone_id)"},
      {"fare_rules", "destination_id", kZone, "stops.txt (zone_id)"},
      {"fare_rules", "contains_id", kZone, "stops.txt (zone_id)"},
      {"timeframes", "service_id", kService, "calendar.txt or calendar_dates.txt"},
      {"fare_products", "rider_category_id", kRiderCategory, "rider_categories.txt"},
      {"fare_products", "fare_media_id", kFareMedia, "fare_media.txt"},
      {"fare_leg_rules", "network_id", kNetworkAny, "networks.txt or routes.txt (network_id)"},
      {"fare_leg_rules", "from_area_id", kArea, "areas.txt"},
      {"fare_leg_rules", "to_area_id", kArea, "areas.txt"},
      {"fare_leg_rules", "from_timeframe_group_id", kTimeframe, "timeframes.txt"},
      {"fare_leg_rules", "to_timeframe_group_id", kTimeframe, "timeframes.txt"},
      {"fare_leg_rules", "fare_product_id", kFareProduct, "fare_products.txt"},
      {"fare_transfer_rules", "from_leg_group_id", kLegGroup, "fare_leg_rules.txt (leg_group_id)"},
      {"fare_transfer_rules", "to_leg_group_id", kLegGroup, "fare_leg_rules.txt (leg_group_id)"},
      {"fare_transfer_rules", "fare_product_id", kFareProduct, "fare_products.txt"},
      // Not in the current reference (a draft field transitland-lib checks), but a fare product all the same.
      {"fare_transfer_rules", "filter_fare_product_id", kFareProduct, "fare_products.txt"},
      {"stop_areas", "area_id", kArea, "areas.txt"},
      {"stop_areas", "stop_id", kStop, "stops.txt"},
      {"route_networks", "network_id", kNetworkFile, "networks.txt"},
      {"route_networks", "route_id", kRoute, "routes.txt"},
      {"location_group_stops", "location_group_id", kLocationGroup, "location_groups.txt"},
      {"location_group_stops", "stop_id", kStop, "stops.txt"},
      {"transfers", "from_stop_id", kStop, "stops.txt"},
      {"transfers", "to_stop_id", kStop, "stops.txt"},
      {"transfers", "from_route_id", kRoute, "routes.txt"},
      {"transfers", "to_route_id", kRoute, "routes.txt"},
      {"transfers", "from_trip_id", kTrip, "trips.txt"},
      {"transfers", "to_trip_id", kTrip, "trips.txt"},
      {"pathways", "from_stop_id", kStop, "stops.txt"},
      {"pathways", "to_stop_id", kStop, "stops.txt"},
      {"frequencies", "trip_id", kTrip, "trips.txt"},
      {"attributions", "agency_id", kAgency, "agency.txt"},
      {"attributions", "route_id", kRoute, "routes.txt"},
      {"attributions", "trip_id", kTrip, "trips.txt"},
      {"booking_rules", "prior_notice_service_id", kService, "calendar.txt or calendar_dates.txt"},
  };
  return r;
}

class ReferenceRules : public RuleGroup {
 public:
  explicit ReferenceRules(CheckState& state) : RuleGroup(state) {
    // A kind of key is complete once the last file that defines it is read (or at once when none is there).
    for (const Definer& d : Definers()) {
      for (size_t i = 0; i < s_.tables.size(); ++i) {
        if (s_.tables[i] == d.table) last_definer_[d.space] = std::max(last_definer_[d.space], i + 1);
      }
    }
  }

  bool BeginFile(const FileView& file) override {
    current_ = file.order + 1;
    defines_.clear();
    refers_.clear();
    for (const Definer& d : Definers()) {
      if (d.table == file.table && file.Column(d.column) >= 0) defines_.push_back({file.Column(d.column), d.space});
    }
    for (const Reference& r : References()) {
      if (r.table == file.table && file.Column(r.column) >= 0) refers_.push_back({file.Column(r.column), &r});
    }
    return !defines_.empty() || !refers_.empty();
  }

  void Row(const RowView& row) override {
    for (const auto& [column, space] : defines_) {
      std::string_view v = row.Get(column);
      if (!v.empty()) s_.pool(space).Intern(v);
    }
    for (const auto& [column, ref] : refers_) {
      std::string_view v = row.Get(column);
      if (v.empty()) continue;
      if (last_definer_[ref->space] < current_) {
        if (!s_.pool(ref->space).Find(v)) Report(*ref, row.file->name, row.line, v);
      } else {
        pending_.push_back({ref, &row.file->name, row.line, pending_values_.Intern(v)});
      }
    }
  }

  void Finish() override {
    for (const Pending& p : pending_) {
      std::string_view v = pending_values_.Get(p.value);
      if (!s_.pool(p.ref->space).Find(v)) Report(*p.ref, *p.file, p.line, v);
    }
    pending_.clear();
  }

 private:
  void Report(const Reference& ref, const std::string& file, uint64_t line, std::string_view value) {
    s_.Add(Severity::kError, "foreign_key_violation", file, line, std::string(ref.column), value,
           "'" + Excerpt(value) + "' is not in " + std::string(ref.target));
  }

  struct Pending {
    const Reference* ref;
    const std::string* file;  // FileView names live until the end of the check
    uint64_t line;
    uint32_t value;
  };
  size_t last_definer_[kSpaceCount] = {};  // 1 + the reading order of the last file defining the key; 0: none
  size_t current_ = 0;
  std::vector<std::pair<int, Space>> defines_;
  std::vector<std::pair<int, const Reference*>> refers_;
  std::vector<Pending> pending_;
  StringPool pending_values_;
};

}  // namespace

std::unique_ptr<RuleGroup> MakeReferenceRules(CheckState& state) { return std::make_unique<ReferenceRules>(state); }

}  // namespace recpipe::parse_gtfs::check
