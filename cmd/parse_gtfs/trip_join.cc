#include "cmd/parse_gtfs/trip_join.h"

#include <charconv>

#include "cmd/parse_gtfs/gtfs_reference.h"
#include "cmd/parse_gtfs/small_table.h"
#include "lib/error.h"

namespace recpipe::parse_gtfs {

std::vector<Field> JoinFields() {
  return {FieldFor("route_id", FieldKind::kText), FieldFor("service_id", FieldKind::kText),
          FieldFor("direction_id", FieldKind::kEnum), FieldFor("shape_id", FieldKind::kText)};
}

TripIndex TripIndex::Read(Feed& feed, const FeedEntry& trips, bool latin1) {
  SmallTable table =
      ReadSmallTable(feed, trips.name, latin1, {"trip_id", "route_id", "service_id", "direction_id", "shape_id"});
  std::optional<size_t> trip = table.Column("trip_id"), route = table.Column("route_id"),
                        service = table.Column("service_id"), direction = table.Column("direction_id"),
                        shape = table.Column("shape_id");
  if (!trip) throw DataError(trips.path + ":1: --join needs a trip_id column");
  TripIndex index;
  for (const auto& row : table.rows) {
    TripInfo info{std::string(table.Get(row, route)),
                  std::string(table.Get(row, service)),
                  std::string(table.Get(row, shape)),
                  {}};
    std::string_view dir = table.Get(row, direction);
    int8_t d;
    auto [end, ec] = std::from_chars(dir.data(), dir.data() + dir.size(), d);
    if (!dir.empty() && ec == std::errc() && end == dir.data() + dir.size()) info.direction_id = d;
    index.trips_.try_emplace(std::string(table.Get(row, trip)), std::move(info));
  }
  return index;
}

}  // namespace recpipe::parse_gtfs
