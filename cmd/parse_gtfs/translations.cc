#include "cmd/parse_gtfs/translations.h"

#include <vector>

#include "cmd/parse_gtfs/gtfs_reference.h"
#include "cmd/parse_gtfs/small_table.h"
#include "lib/error.h"

namespace recpipe::parse_gtfs {
namespace {

std::string Key(char kind, std::string_view a, std::string_view b, std::string_view c = {}, std::string_view d = {}) {
  std::string k(1, kind);
  for (std::string_view part : {a, b, c, d}) {
    k += '\x1f';
    k += part;
  }
  return k;
}

bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

std::string_view RecordIdColumn(std::string_view table) {
  static const std::pair<std::string_view, std::string_view> kKeys[] = {{"agency", "agency_id"},
                                                                        {"stops", "stop_id"},
                                                                        {"routes", "route_id"},
                                                                        {"trips", "trip_id"},
                                                                        {"stop_times", "trip_id"},
                                                                        {"pathways", "pathway_id"},
                                                                        {"levels", "level_id"},
                                                                        {"attributions", "attribution_id"},
                                                                        {"fare_products", "fare_product_id"},
                                                                        {"areas", "area_id"},
                                                                        {"networks", "network_id"},
                                                                        {"booking_rules", "booking_rule_id"},
                                                                        {"location_groups", "location_group_id"},
                                                                        {"rider_categories", "rider_category_id"},
                                                                        {"fare_media", "fare_media_id"}};
  for (const auto& [t, key] : kKeys) {
    if (t == table) return key;
  }
  return {};
}

bool IsTranslatable(std::string_view column) {
  return !EndsWith(column, "_id") && !EndsWith(column, "_timezone") && !EndsWith(column, "_lang") &&
         !EndsWith(column, "_color") && column != "currency_type" && column != "currency";
}

Translations Translations::Read(Feed& feed, const FeedEntry& entry, const std::string& language, bool latin1) {
  SmallTable table = ReadSmallTable(feed, entry.name, latin1,
                                    {"table_name", "field_name", "language", "translation", "record_id",
                                     "record_sub_id", "field_value", "trans_id", "lang"});
  auto col = [&](std::string_view name) { return table.Column(name); };
  const std::optional<size_t> table_name = col("table_name"), field_name = col("field_name"),
                              lang_current = col("language"), translation = col("translation"),
                              record_id = col("record_id"), sub_id = col("record_sub_id"),
                              field_value = col("field_value"), trans_id = col("trans_id"), lang_legacy = col("lang");
  const bool legacy = trans_id.has_value();
  if (!translation || (legacy ? !lang_legacy : !table_name || !field_name || !lang_current)) {
    throw DataError(entry.path +
                    ":1: --lang needs translations in the form table_name, field_name, language, "
                    "translation[, record_id, record_sub_id, field_value] or trans_id, lang, translation");
  }
  Translations tr;
  for (const auto& row : table.rows) {
    std::string text(table.Get(row, translation));
    if (legacy) {
      if (table.Get(row, lang_legacy) == language) tr.legacy_.try_emplace(std::string(table.Get(row, trans_id)), text);
      continue;
    }
    if (table.Get(row, lang_current) != language) continue;
    std::string_view t = table.Get(row, table_name), field = table.Get(row, field_name);
    std::string_view record = table.Get(row, record_id), value = table.Get(row, field_value);
    std::string key = !record.empty()  ? Key('r', t, field, record, table.Get(row, sub_id))
                      : !value.empty() ? Key('v', t, field, value)
                                       : Key('t', t, field);
    tr.by_key_.try_emplace(std::move(key), std::move(text));
    tr.covered_.try_emplace(std::string(t) + '\x1f' + std::string(field), true);
  }
  return tr;
}

bool Translations::Covers(std::string_view table, std::string_view field) const {
  if (!legacy_.empty() && FindFileSpec(table) != nullptr && IsTranslatable(field)) return true;
  return covered_.find(std::string(table) + '\x1f' + std::string(field)) != covered_.end();
}

const std::string* Translations::Find(std::string_view table, std::string_view field, std::string_view record_id,
                                      std::string_view record_sub_id, std::string_view value) const {
  if (!by_key_.empty()) {
    for (const std::string& key :
         {Key('r', table, field, record_id, record_sub_id), Key('v', table, field, value), Key('t', table, field)}) {
      auto it = by_key_.find(key);
      if (it != by_key_.end()) return &it->second;
    }
  }
  if (!legacy_.empty() && !value.empty()) {
    auto it = legacy_.find(value);
    if (it != legacy_.end()) return &it->second;
  }
  return nullptr;
}

}  // namespace recpipe::parse_gtfs
