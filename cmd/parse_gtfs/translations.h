// --lang: the translations of one language from translations.txt, in its current form (table_name, field_name,
// language, translation, record_id, record_sub_id, field_value) or its legacy form (trans_id, lang, translation,
// where a translatable field holds the trans_id). Built on the main thread before the pipeline, then only read:
// thread-safe once built.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cmd/parse_gtfs/feed_source.h"

namespace recpipe::parse_gtfs {

class Translations {
 public:
  // Reads the rows of `language` (compared exactly, e.g. "de-DE"). Throws DataError.
  static Translations Read(Feed& feed, const FeedEntry& translations, const std::string& language, bool latin1);

  // Whether any translation may apply to this field of this table (the parser only looks up those).
  bool Covers(std::string_view table, std::string_view field) const;
  // The translation of a value of table.field in the row whose key is record_id (and record_sub_id, for
  // stop_times: its stop_sequence), or nullptr: by record, else by the field's value, else for the whole table
  // (feed_info), else (legacy form) by the value as a trans_id.
  const std::string* Find(std::string_view table, std::string_view field, std::string_view record_id,
                          std::string_view record_sub_id, std::string_view value) const;
  size_t size() const { return by_key_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using Map = std::unordered_map<std::string, std::string, Hash, std::equal_to<>>;
  Map by_key_;  // "r\x1f table \x1f field \x1f record_id \x1f sub", "v\x1f...value", "t\x1f..."
  Map legacy_;  // trans_id -> translation
  std::unordered_map<std::string, bool, Hash, std::equal_to<>> covered_;  // "table\x1f field"
};

// The column that identifies a table's records for translations (stop_times: trip_id, with stop_sequence as the
// sub-id), or empty for a table that has none.
std::string_view RecordIdColumn(std::string_view table);
// Whether a column of a reference table is text that translations apply to in the legacy form (text that is not
// an ID).
bool IsTranslatable(std::string_view column);

}  // namespace recpipe::parse_gtfs
