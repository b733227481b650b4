// EVT 2.0 (32-bit words) and EVT 2.1 (64-bit words, either half order): see wire_format.h. Their only state is the
// last time high and the number of wraps of the 34-bit time before it.
#pragma once

#include <cstdint>

#include "cmd/parse_events/decoder.h"
#include "cmd/parse_events/event_output.h"
#include "cmd/parse_events/wire_format.h"

namespace recpipe::parse_events {

struct Evt2State {
  enum Time : uint8_t {
    kNoTime,   // before the first TIME_HIGH: events have no valid time and are dropped
    kTime,     // time_high holds the last TIME_HIGH
    kUnknown,  // a seed found no TIME_HIGH near enough: the piece must be decoded from an exact state
  };
  Time time = kNoTime;
  uint32_t time_high = 0;
  int64_t epoch = 0;  // wraps of the time counter so far
};

class Evt2Decoder {
 public:
  using State = Evt2State;
  // word_bytes 4 (EVT 2.0) or 8 (EVT 2.1); legacy: the EVT 2.1 word's upper half comes first in the file.
  explicit Evt2Decoder(int word_bytes, bool legacy = false) : word_bytes_(word_bytes), legacy_(legacy) {}

  size_t word_bytes() const { return static_cast<size_t>(word_bytes_); }
  static constexpr int64_t period() { return evt2::kPeriod; }
  static constexpr bool has_state() { return true; }
  // The state just before `pos` (word-aligned from `data`), epoch 0. Without `exact`, gives up (kUnknown) after
  // scanning back 16 MiB.
  State Seed(const char* data, const char* pos, bool exact) const;
  State SeedFull(const char* data, const char* pos) const { return Seed(data, pos, true); }
  // Whether the time counter wrapped between two seeds (for guessing epochs).
  static bool Wrapped(const State& before, const State& after) {
    return before.time == Evt2State::kTime && after.time == Evt2State::kTime && after.time_high < before.time_high &&
           before.time_high - after.time_high >= (1u << 27);
  }
  static bool SameRegisters(const State& a, const State& b) { return a.time == b.time && a.time_high == b.time_high; }
  DecodeEnd Decode(const char* begin, const char* end, State& state, EventOutput& out) const;

 private:
  uint32_t TypeOf(const char* word) const;
  int word_bytes_;
  bool legacy_;
};

}  // namespace recpipe::parse_events
