// EVT 3.0 (16-bit words): see wire_format.h. The encoding is stateful: row, base x, polarity and both halves of
// the time are registers set by earlier words. Decoded as OpenEB does: everything before the first TIME_HIGH is
// ignored, rows at or past the sensor height are dropped, and time high dropping by half its range or more is a
// wrap of the 24-bit time (TIME_LOW going backwards is not).
#pragma once

#include <cstdint>

#include "cmd/parse_events/decoder.h"
#include "cmd/parse_events/event_output.h"
#include "cmd/parse_events/wire_format.h"

namespace recpipe::parse_events {

struct Evt3State {
  // Registers a seed could not determine (bits); a word that needs one stops the decode with kNeedsState.
  enum Unknown : uint8_t { kStarted = 1, kTimeHigh = 2, kTimeLow = 4, kRow = 8, kBase = 16 };
  bool started = false;  // a TIME_HIGH has been seen
  bool row_valid = false;  // an EVT_ADDR_Y inside the sensor has been seen
  uint8_t polarity = 0;
  uint8_t unknown = 0;
  uint16_t time_high = 0, time_low = 0, y = 0, base_x = 0;
  int64_t epoch = 0;
};

class Evt3Decoder {
 public:
  using State = Evt3State;
  // height 0: unknown, rows are not checked.
  explicit Evt3Decoder(uint32_t height) : height_(height) {}

  static constexpr size_t word_bytes() { return 2; }
  static constexpr int64_t period() { return evt3::kPeriod; }
  // How hard Seed tries: kFast gives up after 16 MiB and leaves base x unknown when no VECT_BASE_X is near;
  // kExact has no limit; kFull also insists on base x (going back to the start of the file if need be).
  enum class SeedLevel { kFast, kExact, kFull };
  State Seed(const char* data, const char* pos, SeedLevel level) const;
  State Seed(const char* data, const char* pos, bool exact) const {
    return Seed(data, pos, exact ? SeedLevel::kExact : SeedLevel::kFast);
  }
  State SeedFull(const char* data, const char* pos) const { return Seed(data, pos, SeedLevel::kFull); }
  static bool Wrapped(const State& before, const State& after) {
    return before.started && after.started && !((before.unknown | after.unknown) & Evt3State::kTimeHigh) &&
           before.time_high >= evt3::kWrapDrop + after.time_high;
  }
  DecodeEnd Decode(const char* begin, const char* end, State& state, EventOutput& out) const;

 private:
  void Track(const char* begin, const char* end, State& s) const;
  uint32_t height_;
};

}  // namespace recpipe::parse_events
