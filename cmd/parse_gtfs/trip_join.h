// --join: each stop time's trip's route_id, service_id, direction_id and shape_id, looked up by trip_id in an index
// of trips.txt built before the stop times are parsed. The index holds one entry per trip (tens of MB for the
// largest feeds); it is built on the main thread, then only read, by any worker: thread-safe once built.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cmd/parse_gtfs/feed_source.h"
#include "lib/schema.h"

namespace recpipe::parse_gtfs {

struct TripInfo {
  std::string route_id, service_id, shape_id;
  std::optional<int8_t> direction_id;
};

class TripIndex {
 public:
  // Reads trips.txt (latin1: convert it from Latin-1 unless it starts with a UTF-8 byte-order mark). A trip_id
  // seen twice keeps its first row (duplicates are the validator's business). Throws DataError.
  static TripIndex Read(Feed& feed, const FeedEntry& trips, bool latin1);

  const TripInfo* Find(std::string_view trip_id) const {
    auto it = trips_.find(trip_id);
    return it == trips_.end() ? nullptr : &it->second;
  }
  size_t size() const { return trips_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, TripInfo, Hash, std::equal_to<>> trips_;
};

// The fields --join appends to stop_times, in this order.
std::vector<Field> JoinFields();

}  // namespace recpipe::parse_gtfs
