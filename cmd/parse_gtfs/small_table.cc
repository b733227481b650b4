#include "cmd/parse_gtfs/small_table.h"

#include <algorithm>

#include "cmd/parse_gtfs/gtfs_reference.h"
#include "cmd/parse_gtfs/latin1.h"
#include "lib/csv.h"

namespace recpipe::parse_gtfs {

std::optional<size_t> SmallTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return std::nullopt;
}

SmallTable ReadSmallTable(Feed& feed, std::string_view name, bool latin1,
                          const std::vector<std::string_view>& columns) {
  SmallTable table;
  const FeedEntry* entry = nullptr;
  for (const FeedEntry& e : feed.entries()) {
    if (e.name == name) entry = &e;
  }
  if (entry == nullptr) return table;
  std::unique_ptr<ByteSource> src = feed.Open(*entry);
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
  CsvParser parser(',', CsvQuotes::kLenient);
  if (pos >= text.size() || parser.ParseRow(text, &pos) != CsvStatus::kOk) return table;
  std::vector<size_t> kept;  // the file's column of each kept column
  for (size_t i = 0; i < parser.fields().size(); ++i) {
    std::string column = ColumnName(parser.fields()[i], i);
    if (!columns.empty() && std::find(columns.begin(), columns.end(), column) == columns.end()) continue;
    table.header.push_back(std::move(column));
    kept.push_back(i);
  }
  while (pos < text.size()) {
    // A quote left open runs to the end of the file: the rows read so far stand, and the file's own pass
    // reports the error at its line (or counts it under --max-errors).
    if (parser.ParseRow(text, &pos) != CsvStatus::kOk) break;
    const auto& f = parser.fields();
    if (f.size() == 1 && f[0].empty()) continue;
    std::vector<std::string> row;
    row.reserve(kept.size());
    for (size_t i : kept) row.emplace_back(i < f.size() ? f[i] : std::string_view());
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace recpipe::parse_gtfs
