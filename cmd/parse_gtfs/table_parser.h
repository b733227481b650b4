// One feed file's rows into typed records: the header names the columns; a column the GTFS reference defines gets
// its type (gtfs_reference.h), any other column is a string. Built on the reading stage, then Parse runs on any
// worker thread at once (it only reads its members; each call brings its own CSV parser).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/parse_gtfs/gtfs_reference.h"
#include "cmd/parse_gtfs/notices.h"
#include "cmd/parse_gtfs/translations.h"
#include "cmd/parse_gtfs/trip_join.h"
#include "lib/batch_builder.h"
#include "lib/schema.h"

namespace recpipe::parse_gtfs {

struct BlockResult {
  uint64_t lines = 0;                 // line feeds consumed (plus one for a last line without one)
  uint64_t records = 0;               // records written (every row, bad values as null)
  std::vector<Notice> notices;        // line: the row's first line, 0-based from the block's start
  std::vector<std::string> stop_ids;  // with SetFilter(..., collect_stops): stop_id of each row kept
  void Clear() {
    lines = records = 0;
    notices.clear();
    stop_ids.clear();
  }
};

class TableParser {
 public:
  // file: the name in the feed ("stops.txt"); spec: the reference's file, or nullptr; header: as read (names are
  // trimmed of spaces here).
  TableParser(std::string file, const FileSpec* spec, const std::vector<std::string_view>& header,
              std::vector<std::pair<std::string, std::string>> metadata);

  const Schema& schema() const { return schema_; }
  // --join (stop_times): appends the fields of JoinFields, filled from the trip of each row's trip_id (null when
  // there is no such trip). Call before the schema is used. Throws DataError when the file already has one of
  // those columns or has no trip_id.
  void SetJoin(const TripIndex* trips);
  // The filters: only rows whose `column` value is in keep are written (all rows when the file has no such
  // column); collect_stops: the stop_id of each row kept goes to BlockResult::stop_ids.
  template <typename Set>
  void SetFilter(const Set* keep, const std::string& column, bool collect_stops) {
    filter_column_ = schema_.FieldIndex(column);
    if (filter_column_) keep_ = [keep](std::string_view v) { return keep->find(v) != keep->end(); };
    if (collect_stops) stop_column_ = schema_.FieldIndex("stop_id");
  }
  // --lang: text values with a translation in `translations` are written translated.
  void SetTranslations(const Translations* translations);
  // What is wrong with the header: required columns missing (line 1).
  const std::vector<Notice>& header_notices() const { return header_notices_; }

  // Parses the rows of text into builder. check_utf8: text is known to hold invalid UTF-8 somewhere, so each
  // string value is checked (a bad one is a notice and null).
  void Parse(std::string_view text, bool check_utf8, BatchBuilder& builder, BlockResult* result) const;

 private:
  // Stores one value; returns false (with a notice) when it does not parse as its kind.
  bool SetValue(size_t column, std::string_view text, bool check_utf8, BatchBuilder& builder, uint64_t line,
                BlockResult* result) const;

  // Fills the join fields of the record being built.
  void AddJoined(std::string_view trip_id, BatchBuilder& builder) const;

  std::string file_;
  Schema schema_;
  std::vector<FieldKind> kinds_;  // the file's columns (the schema may have the join fields after them)
  const TripIndex* join_ = nullptr;
  const Translations* translations_ = nullptr;
  std::optional<size_t> filter_column_;
  std::function<bool(std::string_view)> keep_;
  std::optional<size_t> stop_column_;
  std::vector<bool> translated_;         // per file column: translations may apply
  std::optional<size_t> record_column_;  // the column that identifies a record for translations
  std::optional<size_t> sub_column_;     // stop_times: stop_sequence
  size_t trip_column_ = 0;
  std::vector<Notice> header_notices_;
};

}  // namespace recpipe::parse_gtfs
