// Prophesee DAT files (versions 1 and 2): 8-byte events after a text header, see wire_format.h. The only state
// across events is the 32-bit time counter's wraps, found by comparing with the event before.
#pragma once

#include <cstdint>

#include "cmd/parse_events/decoder.h"
#include "cmd/parse_events/event_output.h"
#include "cmd/parse_events/wire_format.h"

namespace recpipe::parse_events {

struct DatState {
  bool has_last = false;
  uint32_t last_t = 0;
  int64_t epoch = 0;
};

class DatDecoder {
 public:
  using State = DatState;
  explicit DatDecoder(int version) : version_(version) {}

  static constexpr size_t word_bytes() { return dat::kEventBytes; }
  static constexpr int64_t period() { return dat::kPeriod; }
  State Seed(const char* data, const char* pos, bool exact) const;
  State SeedFull(const char* data, const char* pos) const { return Seed(data, pos, true); }
  static bool Wrapped(const State& before, const State& after) {
    return before.has_last && after.has_last && IsWrap(before.last_t, after.last_t);
  }
  // A time more than half the counter's range below the one before is a wrap; smaller steps back are kept as
  // they are (DAT files from OpenEB are sorted, so they do not occur).
  static bool IsWrap(uint32_t before, uint32_t after) { return after < before && before - after >= (1u << 31); }
  DecodeEnd Decode(const char* begin, const char* end, State& state, EventOutput& out) const;

 private:
  int version_;
};

}  // namespace recpipe::parse_events
