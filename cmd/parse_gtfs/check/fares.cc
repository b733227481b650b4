// Fares: fare_rules.txt rows that repeat another's route and zones (duplicate_fare_rule_zone_id_fields), and fare
// products whose default rider category is ambiguous (fare_product_with_multiple_default_rider_categories): a
// product offered to two categories that are both the default, or to no category (so to the default) while the
// feed has two defaults (transitland-lib's reading, which MobilityData does not make).
#include <unordered_map>
#include <unordered_set>

#include "cmd/parse_gtfs/check/check_state.h"

namespace recpipe::parse_gtfs::check {
namespace {

class FareRules : public RuleGroup {
 public:
  using RuleGroup::RuleGroup;

  bool BeginFile(const FileView& f) override {
    table_ = f.table;
    if (f.table == "fare_rules") {
      zone_columns_.clear();
      for (const char* c : {"route_id", "origin_id", "destination_id", "contains_id"})
        zone_columns_.push_back(f.Column(c));
      return true;
    }
    if (f.table == "rider_categories") {
      category_ = f.Column("rider_category_id");
      default_ = f.Column("is_default_fare_category");
      return true;
    }
    if (f.table == "fare_products") {
      product_ = f.Column("fare_product_id");
      category_ = f.Column("rider_category_id");
      return true;
    }
    return false;
  }

  void Row(const RowView& row) override {
    if (table_ == "fare_rules") {
      std::string key;
      for (int c : zone_columns_) (key += row.Get(c)) += '\x1f';
      auto [it, added] = zone_rules_.emplace(key, row.line);
      if (!added) {
        s_.Add(Severity::kError, "duplicate_fare_rule_zone_id_fields", row.file->name, row.line,
               "route_id;origin_id;destination_id;contains_id", "",
               "the same route and zones as the rule on line " + std::to_string(it->second));
      }
    } else if (table_ == "rider_categories") {
      if (row.Get(default_) == "1") defaults_.insert(std::string(row.Get(category_)));
    } else {
      std::string_view product = row.Get(product_), category = row.Get(category_);
      if (category.empty()) {
        if (defaults_.size() > 1) {
          s_.Add(Severity::kError, "fare_product_with_multiple_default_rider_categories", row.file->name, row.line,
                 "rider_category_id", product,
                 "the product names no rider category, so the default one, and the feed has several defaults");
        }
      } else if (defaults_.count(std::string(category)) &&
                 default_uses_[std::string(product)].insert(std::string(category)).second &&
                 default_uses_[std::string(product)].size() == 2) {
        s_.Add(Severity::kError, "fare_product_with_multiple_default_rider_categories", row.file->name, row.line,
               "rider_category_id", product, "the product is offered to a second default rider category");
      }
    }
  }

 private:
  std::string table_;
  std::vector<int> zone_columns_;
  int category_ = -1, default_ = -1, product_ = -1;
  std::unordered_map<std::string, uint64_t> zone_rules_;
  std::unordered_set<std::string> defaults_;
  std::unordered_map<std::string, std::unordered_set<std::string>> default_uses_;  // product: its default categories
};

}  // namespace

std::unique_ptr<RuleGroup> MakeFareRules(CheckState& state) { return std::make_unique<FareRules>(state); }

}  // namespace recpipe::parse_gtfs::check
