#include "cmd/parse_gtfs/small_table.h"

#include "cmd/parse_gtfs/gtfs_reference.h"
#include "cmd/parse_gtfs/latin1.h"
#include "lib/csv.h"
#include "lib/error.h"

namespace recpipe::parse_gtfs {

std::optional<size_t> SmallTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return std::nullopt;
}

SmallTable ReadSmallTable(Feed& feed, std::string_view name, bool latin1) {
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
  for (size_t i = 0; i < parser.fields().size(); ++i) table.header.push_back(ColumnName(parser.fields()[i], i));
  while (pos < text.size()) {
    if (parser.ParseRow(text, &pos) != CsvStatus::kOk) {
      throw DataError(entry->path + ": quoted field not closed before the end of the file");
    }
    const auto& f = parser.fields();
    if (f.size() == 1 && f[0].empty()) continue;
    std::vector<std::string> row(f.begin(), f.begin() + static_cast<long>(std::min(f.size(), table.header.size())));
    row.resize(table.header.size());
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace recpipe::parse_gtfs
