// duplicate_key: two rows of a file with the same primary key (the reference's, as the MobilityData validator
// takes them). stop_times and shapes, whose keys hold a sequence, are checked with their order
// (stop_times_order.cc); fare_rules' duplicates are duplicate_fare_rule_zone_id_fields (fares.cc).
#include <algorithm>
#include <memory>

#include "cmd/parse_gtfs/check/check_state.h"

namespace recpipe::parse_gtfs::check {
namespace {

struct Key {
  std::string_view table;
  std::vector<std::string_view> columns;
};

const std::vector<Key>& Keys() {
  static const std::vector<Key> keys = {
      {"agency", {"agency_id"}},
      {"stops", {"stop_id"}},
      {"routes", {"route_id"}},
      {"trips", {"trip_id"}},
      {"calendar", {"service_id"}},
      {"calendar_dates", {"service_id", "date"}},
      {"fare_attributes", {"fare_id"}},
      {"frequencies", {"trip_id", "start_time"}},
      {"transfers", {"from_stop_id", "to_stop_id", "from_trip_id", "to_trip_id", "from_route_id", "to_route_id"}},
      {"pathways", {"pathway_id"}},
      {"levels", {"level_id"}},
      {"attributions", {"attribution_id"}},
      {"networks", {"network_id"}},
      {"route_networks", {"route_id"}},
      {"areas", {"area_id"}},
      {"stop_areas", {"area_id", "stop_id"}},
      {"fare_media", {"fare_media_id"}},
      {"fare_products", {"fare_product_id", "rider_category_id", "fare_media_id"}},
      {"rider_categories", {"rider_category_id"}},
      {"timeframes", {"timeframe_group_id", "start_time", "end_time", "service_id"}},
      {"fare_leg_rules",
       {"network_id", "from_area_id", "to_area_id", "from_timeframe_group_id", "to_timeframe_group_id",
        "fare_product_id"}},
      {"fare_transfer_rules",
       {"from_leg_group_id", "to_leg_group_id", "fare_product_id", "transfer_count", "duration_limit"}},
      {"location_groups", {"location_group_id"}},
      {"location_group_stops", {"location_group_id", "stop_id"}},
      {"booking_rules", {"booking_rule_id"}},
  };
  return keys;
}

class KeyRules : public RuleGroup {
 public:
  using RuleGroup::RuleGroup;

  bool BeginFile(const FileView& file) override {
    seen_ = std::make_unique<StringPool>();
    first_lines_.clear();
    columns_.clear();
    field_.clear();
    for (const Key& k : Keys()) {
      if (k.table != file.table) continue;
      for (std::string_view c : k.columns) {
        int i = file.Column(c);
        if (i < 0) continue;  // an absent column is empty in every row
        columns_.push_back(i);
        field_ += (field_.empty() ? "" : ";") + std::string(c);
      }
    }
    return !columns_.empty();
  }

  void Row(const RowView& row) override {
    std::string key;
    bool any = false;
    for (size_t i = 0; i < columns_.size(); ++i) {
      std::string_view v = row.Get(columns_[i]);
      any = any || !v.empty();
      if (i > 0) key += '\x1f';
      key += v;
    }
    if (!any && columns_.size() == 1) return;  // an empty id (agency_id of a single agency) is no key
    bool added = false;
    const uint32_t id = seen_->Intern(key, &added);
    if (added) {
      first_lines_.push_back(row.line);
      return;
    }
    std::replace(key.begin(), key.end(), '\x1f', ',');
    s_.Add(Severity::kError, "duplicate_key", row.file->name, row.line, field_, key,
           "the key (" + field_ + ") '" + Excerpt(key) + "' is also on line " + std::to_string(first_lines_[id]));
  }

  void EndFile(const FileView&) override {
    seen_.reset();
    first_lines_.clear();
  }

 private:
  std::vector<int> columns_;
  std::string field_;
  std::unique_ptr<StringPool> seen_;   // the file's keys (values joined by \x1f), interned once
  std::vector<uint64_t> first_lines_;  // by key id: the line of its first row
};

}  // namespace

std::unique_ptr<RuleGroup> MakeKeyRules(CheckState& state) { return std::make_unique<KeyRules>(state); }

}  // namespace recpipe::parse_gtfs::check
