// Where a decoder puts what it finds in one piece of input: finished batch frames of events and of triggers, the
// filters of the command line applied on the way, and counts of what was skipped.
//
// Decoders write events themselves into room from Reserve (PutEvent) and hand the end to Commit; when filters are
// on they ask Keep first. Not thread-safe: one per piece.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>

#include "cmd/parse_events/event_tables.h"
#include "lib/batch_builder.h"
#include "lib/buffer.h"

namespace recpipe::parse_events {

struct EventFilter {
  std::optional<int64_t> time_begin, time_end;  // [begin, end) in output time
  std::optional<uint32_t> x0, y0, x1, y1;       // region of interest: x0 <= x < x1, y0 <= y < y1
  std::optional<int> polarity;                  // 0 or 1 (the file's polarity, before --signed-polarity)
  uint64_t limit = std::numeric_limits<uint64_t>::max();

  bool active() const {
    return time_begin || time_end || x0 || polarity || limit != std::numeric_limits<uint64_t>::max();
  }
};

// How records come out; the same for every piece.
struct OutputSettings {
  uint32_t events_table = 0, triggers_table = 1;
  const TableLayout* events_layout = nullptr;
  const TableLayout* triggers_layout = nullptr;
  int64_t time_origin = 0;  // subtracted from every time (--time-origin first)
  int8_t polarity[2] = {0, 1};
  EventFilter filter;
  size_t batch_bytes = kDefaultBatchBytes;
};

// What was seen besides the events written; summed over pieces for --stats.
struct Counters {
  uint64_t events = 0;           // written
  uint64_t triggers = 0;         // written
  uint64_t filtered = 0;         // decoded but left out by --time, --roi, --polarity
  uint64_t before_time = 0;      // event words before the first time high: no valid time, dropped
  uint64_t others = 0;           // OTHERS words (including IMU and rate-control counts)
  uint64_t continued = 0;        // CONTINUED words
  uint64_t unknown = 0;          // words of a type the format does not define
  uint64_t out_of_sensor = 0;    // EVT3 events on rows past the sensor's height (dropped as OpenEB does)

  void Add(const Counters& o) {
    events += o.events;
    triggers += o.triggers;
    filtered += o.filtered;
    before_time += o.before_time;
    others += o.others;
    continued += o.continued;
    unknown += o.unknown;
    out_of_sensor += o.out_of_sensor;
  }
};

class EventOutput {
 public:
  EventOutput(const OutputSettings& settings, Buffer* events, Buffer* triggers, uint64_t limit)
      : s_(settings), events_(events, settings.events_table, *settings.events_layout, settings.batch_bytes),
        triggers_(triggers, settings.triggers_table, *settings.triggers_layout, settings.batch_bytes),
        limit_(limit) {}

  const OutputSettings& settings() const { return s_; }
  int64_t origin() const { return s_.time_origin; }
  const int8_t* polarity_map() const { return s_.polarity; }

  // Room for max_events records; valid until Commit.
  char* Reserve(size_t max_events) {
    start_ = events_.Reserve(max_events * kEventBytes);
    return start_;
  }
  void Commit(char* end) {
    auto n = static_cast<uint32_t>(static_cast<size_t>(end - start_) / kEventBytes);
    counters.events += n;
    events_.Commit(end, n);
  }
  // With filters on: whether to write this event (t in output time, p the file's 0/1; cursor: where the decoder
  // would write it). Past --limit it says no and asks the decoder to stop.
  bool Keep(int64_t t, uint32_t x, uint32_t y, uint32_t p, const char* cursor) {
    const EventFilter& f = s_.filter;
    if ((f.time_begin && t < *f.time_begin) || (f.time_end && t >= *f.time_end) ||
        (f.x0 && (x < *f.x0 || x >= *f.x1 || y < *f.y0 || y >= *f.y1)) || (f.polarity && p != uint32_t(*f.polarity))) {
      ++counters.filtered;
      return false;
    }
    if (counters.events + static_cast<size_t>(cursor - start_) / kEventBytes >= limit_) {
      stop = true;
      return false;
    }
    return true;
  }
  // Times only grow from here on (a new time high): past the end of --time, the rest of the input is not needed.
  void TimeFloor(int64_t t) {
    if (s_.filter.time_end && t >= *s_.filter.time_end) stop = true;
  }
  void Trigger(int64_t t, uint8_t id, uint8_t value) {
    const EventFilter& f = s_.filter;
    if ((f.time_begin && t < *f.time_begin) || (f.time_end && t >= *f.time_end)) return;
    char* p = triggers_.Reserve(kTriggerBytes);
    triggers_.Commit(PutTrigger(p, t, id, value), 1);
    ++counters.triggers;
  }
  void Finish() {
    events_.Finish();
    triggers_.Finish();
  }

  Counters counters;
  bool stop = false;  // --limit reached, or past the end of --time

 private:
  const OutputSettings& s_;
  BatchBuilder events_, triggers_;
  uint64_t limit_;
  char* start_ = nullptr;
};

}  // namespace recpipe::parse_events
