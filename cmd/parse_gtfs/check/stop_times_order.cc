// The order of stop times, and what follows from a trip's stop times:
// - stop_times by trip and stop_sequence: duplicate_key, missing_trip_edge (first or last stop without times),
//   stop_time_with_only_arrival_or_departure_time, stop_time_with_arrival_before_previous_departure_time,
//   decreasing_or_equal_stop_time_distance;
// - trips: unused_trip (no stop times), unusable_trip (one stop time), block_trips_with_overlapping_stop_times
//   (two trips of a block that run on a common day at overlapping times);
// Memory: the rows of one trip at a time, and per trip a few numbers (grouped_rows.h).
#include <cmath>
#include <limits>

#include "cmd/parse_gtfs/check/grouped_rows.h"
#include "cmd/parse_gtfs/gtfs_values.h"

namespace recpipe::parse_gtfs::check {
namespace {

constexpr int32_t kNoTime = std::numeric_limits<int32_t>::min();
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

struct StopTime {
  uint64_t line;
  int64_t seq;
  int32_t arrival, departure;  // kNoTime when empty
  double dist;                 // NaN when empty
  bool window;                 // a pickup/drop-off window instead of times
};

// What the rules keep per trip of trips.txt (by id in CheckState::pool(kTrip)).
struct TripInfo {
  uint64_t line = 0;
  uint32_t service = kNone;  // in services_
  uint32_t block = kNone;    // in blocks_
};

// What they keep per trip_id of stop_times.txt (by id in the GroupedRows' keys).
struct TripTimes {
  uint32_t stop_times = 0;
  int32_t first = kNoTime, last = kNoTime;  // first departure, last arrival
};

int32_t Time(std::string_view text) {
  int32_t t;
  return ParseGtfsTime(text, &t) ? t : kNoTime;
}

class SequenceRules : public RuleGroup {
 public:
  explicit SequenceRules(CheckState& state)
      : RuleGroup(state), stop_times_(state, [this](uint32_t k, std::vector<StopTime>& rows) { CheckTrip(k, rows); }) {}

  bool BeginFile(const FileView& f) override {
    table_ = f.table;
    if (f.table == "trips") {
      trips_file_ = f.name;
      trip_ = f.Column("trip_id");
      service_ = f.Column("service_id");
      block_ = f.Column("block_id");
      return true;
    }
    if (f.table == "stop_times") {
      stop_times_file_ = f.name;
      st_trip_ = f.Column("trip_id");
      st_seq_ = f.Column("stop_sequence");
      arrival_ = f.Column("arrival_time");
      departure_ = f.Column("departure_time");
      st_dist_ = f.Column("shape_dist_traveled");
      window_start_ = f.Column("start_pickup_drop_off_window");
      window_end_ = f.Column("end_pickup_drop_off_window");
      return st_trip_ >= 0 && st_seq_ >= 0;
    }
    return false;
  }

  void Row(const RowView& row) override {
    std::string_view key;
    if (table_ == "trips") {
      key = row.Get(trip_);
      if (key.empty()) return;
      const uint32_t id = s_.pool(kTrip).Intern(key);
      if (id < trips_.size() && trips_[id].line != 0) return;  // a duplicate (keys.cc)
      if (trips_.size() <= id) trips_.resize(id + 1);
      TripInfo& t = trips_[id];
      t.line = row.line;
      if (std::string_view s = row.Get(service_); !s.empty()) t.service = services_.Intern(s);
      if (std::string_view b = row.Get(block_); !b.empty()) t.block = blocks_.Intern(b);
      return;
    }
    StopTime st;
    if (StopTimeOf(row, &key, &st)) {
      // Counted here rather than per group, so that a trip whose rows are apart is counted once.
      const uint32_t k = stop_times_.Add(key, st);
      if (times_.size() <= k) times_.resize(k + 1);
      ++times_[k].stop_times;
    }
  }

  void EndFile(const FileView& f) override {
    if (f.table == "stop_times") stop_times_.Close();
  }

  void Finish() override {
    stop_times_.Finish("stop_times",
                       [this](const RowView& r, std::string_view* k, StopTime* st) { return StopTimeOf(r, k, st); });
    TripUse();
    Blocks();
  }

 private:
  bool StopTimeOf(const RowView& row, std::string_view* key, StopTime* st) {
    *key = row.Get(st_trip_);
    if (key->empty() || !ParseInt(row.Get(st_seq_), &st->seq)) return false;
    st->line = row.line;
    st->arrival = Time(row.Get(arrival_));
    st->departure = Time(row.Get(departure_));
    st->dist = NumberOrNaN(row.Get(st_dist_));
    // GTFS-Flex: a stop time with a pickup/drop-off window has no times, and needs none.
    st->window = !row.Get(window_start_).empty() || !row.Get(window_end_).empty();
    return true;
  }

  void CheckTrip(uint32_t key, std::vector<StopTime>& rows) {
    const std::string& file = stop_times_file_;
    std::string_view trip = stop_times_.keys().Get(key);
    TripTimes& t = times_[key];
    t.first = t.last = kNoTime;
    int32_t previous_departure = kNoTime;
    double previous_dist = NAN;
    for (size_t i = 0; i < rows.size(); ++i) {
      const StopTime& r = rows[i];
      if (i > 0 && r.seq == rows[i - 1].seq) {
        stop_times_.Note(key, Severity::kError, "duplicate_key", file, std::max(r.line, rows[i - 1].line),
                         "trip_id;stop_sequence", trip,
                         "stop_sequence " + std::to_string(r.seq) + " is also on line " +
                             std::to_string(std::min(r.line, rows[i - 1].line)));
      }
      const bool edge = i == 0 || i + 1 == rows.size();
      if (r.window) {
        // times are not used
      } else if (edge) {
        for (auto [time, name] : {std::pair{r.arrival, "arrival_time"}, std::pair{r.departure, "departure_time"}}) {
          if (time == kNoTime) {
            stop_times_.Note(key, Severity::kError, "missing_trip_edge", file, r.line, name, trip,
                             std::string("the trip's ") + (i == 0 ? "first" : "last") + " stop time has no " + name);
          }
        }
      } else if ((r.arrival == kNoTime) != (r.departure == kNoTime)) {
        stop_times_.Note(key, Severity::kError, "stop_time_with_only_arrival_or_departure_time", file, r.line,
                         r.arrival == kNoTime ? "departure_time" : "arrival_time", trip,
                         "a stop time needs both arrival_time and departure_time, or neither");
      }
      if (r.arrival != kNoTime && previous_departure != kNoTime && r.arrival < previous_departure) {
        stop_times_.Note(key, Severity::kError, "stop_time_with_arrival_before_previous_departure_time", file, r.line,
                         "arrival_time", trip, "arrival_time is before the previous stop's departure_time");
      }
      if (!std::isnan(r.dist)) {
        if (!std::isnan(previous_dist) && r.dist <= previous_dist) {
          stop_times_.Note(key, Severity::kError, "decreasing_or_equal_stop_time_distance", file, r.line,
                           "shape_dist_traveled", trip,
                           "shape_dist_traveled does not grow from the previous stop time's");
        }
        previous_dist = r.dist;
      }
      const int32_t leave = r.departure != kNoTime ? r.departure : r.arrival;
      if (leave != kNoTime) {
        previous_departure = leave;
        if (t.first == kNoTime) t.first = leave;
      }
      const int32_t reach = r.arrival != kNoTime ? r.arrival : r.departure;
      if (reach != kNoTime) t.last = reach;
    }
  }

  // unused_trip and unusable_trip, on the trip's row of trips.txt.
  void TripUse() {
    const StringPool& trips = s_.pool(kTrip);
    for (uint32_t id = 0; id < trips_.size(); ++id) {
      if (trips_[id].line == 0) continue;
      std::string_view trip = trips.Get(id);
      std::optional<uint32_t> k = stop_times_.keys().Find(trip);
      const uint32_t n = k ? times_[*k].stop_times : 0;
      if (n == 0) {
        s_.Add(Severity::kWarning, "unused_trip", trips_file_, trips_[id].line, "trip_id", trip,
               "the trip has no stop times");
      } else if (n == 1) {
        s_.Add(Severity::kWarning, "unusable_trip", trips_file_, trips_[id].line, "trip_id", trip,
               "the trip has a single stop time, so no journey can be made on it");
      }
    }
  }

  // block_trips_with_overlapping_stop_times: trips of one block, on a common day, from the first departure to the
  // last arrival overlapping. Reported on the later trip row of the two.
  void Blocks() {
    struct Span {
      int32_t first, last;
      uint32_t trip, service;
    };
    std::unordered_map<uint32_t, std::vector<Span>> blocks;
    for (uint32_t id = 0; id < trips_.size(); ++id) {
      const TripInfo& t = trips_[id];
      if (t.line == 0 || t.block == kNone) continue;
      std::optional<uint32_t> k = stop_times_.keys().Find(s_.pool(kTrip).Get(id));
      if (!k || times_[*k].first == kNoTime || times_[*k].last == kNoTime) continue;
      uint32_t service = kNone;
      if (t.service != kNone) service = s_.pool(kService).Find(services_.Get(t.service)).value_or(kNone);
      if (service == kNone || service >= s_.service_days.size() || s_.service_days[service].empty()) continue;
      blocks[t.block].push_back({times_[*k].first, times_[*k].last, id, service});
    }
    for (auto& [block, spans] : blocks) {
      std::sort(spans.begin(), spans.end(),
                [](const Span& a, const Span& b) { return a.first != b.first ? a.first < b.first : a.trip < b.trip; });
      for (size_t i = 0; i < spans.size(); ++i) {
        for (size_t j = i + 1; j < spans.size() && spans[j].first < spans[i].last; ++j) {
          if (!ShareDay(spans[i].service, spans[j].service)) continue;
          const TripInfo& a = trips_[spans[i].trip];
          const TripInfo& b = trips_[spans[j].trip];
          const uint32_t later = a.line > b.line ? spans[i].trip : spans[j].trip;
          const uint32_t other = later == spans[i].trip ? spans[j].trip : spans[i].trip;
          s_.Add(Severity::kError, "block_trips_with_overlapping_stop_times", trips_file_, trips_[later].line,
                 "block_id", blocks_.Get(block),
                 "the trip overlaps trip '" + std::string(s_.pool(kTrip).Get(other)) + "' (line " +
                     std::to_string(trips_[other].line) + ") of the same block on a common day");
        }
      }
    }
  }

  bool ShareDay(uint32_t a, uint32_t b) const {
    if (a == b) return true;
    const auto &x = s_.service_days[a], &y = s_.service_days[b];
    size_t i = 0, j = 0;
    while (i < x.size() && j < y.size()) {
      if (x[i] == y[j]) return true;
      x[i] < y[j] ? ++i : ++j;
    }
    return false;
  }

  std::string table_, trips_file_, stop_times_file_;
  // Columns, apart per file: the second reading of stop_times comes after every file.
  int trip_ = -1, service_ = -1, block_ = -1;
  int st_trip_ = -1, st_seq_ = -1, arrival_ = -1, departure_ = -1, st_dist_ = -1, window_start_ = -1, window_end_ = -1;
  std::vector<TripInfo> trips_;
  StringPool services_, blocks_;
  GroupedRows<StopTime> stop_times_;
  std::vector<TripTimes> times_;  // by key of stop_times_
};

}  // namespace

std::unique_ptr<RuleGroup> MakeSequenceRules(CheckState& state) { return std::make_unique<SequenceRules>(state); }

}  // namespace recpipe::parse_gtfs::check
