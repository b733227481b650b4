#include "cmd/parse_gtfs/trip_join.h"

#include <charconv>

#include "cmd/parse_gtfs/gtfs_reference.h"
#include "cmd/parse_gtfs/latin1.h"
#include "lib/csv.h"
#include "lib/error.h"

namespace recpipe::parse_gtfs {

std::vector<Field> JoinFields() {
  return {FieldFor("route_id", FieldKind::kText), FieldFor("service_id", FieldKind::kText),
          FieldFor("direction_id", FieldKind::kEnum), FieldFor("shape_id", FieldKind::kText)};
}

TripIndex TripIndex::Read(Feed& feed, const FeedEntry& trips, bool latin1) {
  std::unique_ptr<ByteSource> src = feed.Open(trips);
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
  TripIndex index;
  CsvParser parser(',', CsvQuotes::kLenient);
  if (pos >= text.size() || parser.ParseRow(text, &pos) != CsvStatus::kOk) return index;
  int col[5] = {-1, -1, -1, -1, -1};  // trip_id, route_id, service_id, direction_id, shape_id
  const char* names[5] = {"trip_id", "route_id", "service_id", "direction_id", "shape_id"};
  for (size_t i = 0; i < parser.fields().size(); ++i) {
    std::string name = ColumnName(parser.fields()[i], i);
    for (int c = 0; c < 5; ++c) {
      if (name == names[c] && col[c] < 0) col[c] = static_cast<int>(i);
    }
  }
  if (col[0] < 0) throw DataError(trips.path + ":1: --join needs a trip_id column");
  auto get = [](const std::vector<std::string_view>& f, int c) {
    return c >= 0 && static_cast<size_t>(c) < f.size() ? f[static_cast<size_t>(c)] : std::string_view();
  };
  while (pos < text.size()) {
    if (parser.ParseRow(text, &pos) != CsvStatus::kOk) break;  // the main pass reports it
    const auto& f = parser.fields();
    if (f.size() == 1 && f[0].empty()) continue;
    TripInfo info{std::string(get(f, col[1])), std::string(get(f, col[2])), std::string(get(f, col[4])), {}};
    std::string_view dir = get(f, col[3]);
    int8_t d;
    auto [end, ec] = std::from_chars(dir.data(), dir.data() + dir.size(), d);
    if (!dir.empty() && ec == std::errc() && end == dir.data() + dir.size()) info.direction_id = d;
    index.trips_.try_emplace(std::string(get(f, col[0])), std::move(info));
  }
  return index;
}

}  // namespace recpipe::parse_gtfs
