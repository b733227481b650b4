#include "cmd/parse_gtfs/translations.h"

#include <vector>

#include "cmd/parse_gtfs/gtfs_reference.h"
#include "cmd/parse_gtfs/latin1.h"
#include "lib/csv.h"
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
  std::unique_ptr<ByteSource> src = feed.Open(entry);
  std::string text;
  char buf[1 << 16];
  for (size_t k; (k = src->Read(buf, sizeof buf)) > 0;) text.append(buf, k);
  size_t pos = 0;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    pos = 3;
  } else if (latin1) {
    std::string utf8;
    Latin1ToUtf8(text, &utf8);
    text.swap(utf8);
  }
  Translations tr;
  CsvParser parser(',', CsvQuotes::kLenient);
  if (pos >= text.size() || parser.ParseRow(text, &pos) != CsvStatus::kOk) return tr;
  enum { kTable, kField, kLanguage, kTranslation, kRecord, kSub, kValue, kTransId, kLang, kColumns };
  const char* names[kColumns] = {"table_name",    "field_name",  "language", "translation", "record_id",
                                 "record_sub_id", "field_value", "trans_id", "lang"};
  int col[kColumns];
  std::fill(std::begin(col), std::end(col), -1);
  for (size_t i = 0; i < parser.fields().size(); ++i) {
    std::string name = ColumnName(parser.fields()[i], i);
    for (int c = 0; c < kColumns; ++c) {
      if (name == names[c] && col[c] < 0) col[c] = static_cast<int>(i);
    }
  }
  const bool legacy = col[kTransId] >= 0;
  if (col[kTranslation] < 0 || (legacy ? col[kLang] < 0 : col[kTable] < 0 || col[kField] < 0 || col[kLanguage] < 0)) {
    throw DataError(entry.path +
                    ":1: --lang needs translations in the form table_name, field_name, language, "
                    "translation[, record_id, record_sub_id, field_value] or trans_id, lang, translation");
  }
  auto get = [](const std::vector<std::string_view>& f, int c) {
    return c >= 0 && static_cast<size_t>(c) < f.size() ? f[static_cast<size_t>(c)] : std::string_view();
  };
  while (pos < text.size()) {
    if (parser.ParseRow(text, &pos) != CsvStatus::kOk) break;  // the main pass reports it
    const auto& f = parser.fields();
    if (f.size() == 1 && f[0].empty()) continue;
    std::string translation(get(f, col[kTranslation]));
    if (legacy) {
      if (get(f, col[kLang]) == language) tr.legacy_.try_emplace(std::string(get(f, col[kTransId])), translation);
      continue;
    }
    if (get(f, col[kLanguage]) != language) continue;
    std::string_view table = get(f, col[kTable]), field = get(f, col[kField]);
    std::string_view record = get(f, col[kRecord]), value = get(f, col[kValue]);
    std::string key = !record.empty()  ? Key('r', table, field, record, get(f, col[kSub]))
                      : !value.empty() ? Key('v', table, field, value)
                                       : Key('t', table, field);
    tr.by_key_.try_emplace(std::move(key), std::move(translation));
    tr.covered_.try_emplace(std::string(table) + '\x1f' + std::string(field), true);
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
