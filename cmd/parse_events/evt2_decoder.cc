#include "cmd/parse_events/evt2_decoder.h"

#include <bit>

#include "lib/endian.h"

namespace recpipe::parse_events {
namespace {

// Whether a drop of time high is a wrap of the counter rather than noise: OpenEB's rule, more than half the range.
inline bool IsWrap(uint32_t before, uint32_t after) { return after < before && before - after >= (1u << 27); }

constexpr size_t kBlockWords = 4096;

// The upper 32 bits of an EVT 2.1 word, where type, time low, x and y live.
inline uint32_t High21(const char* p, bool legacy) { return legacy ? Load<uint32_t>(p) : Load<uint32_t>(p + 4); }
inline uint32_t Mask21(const char* p, bool legacy) { return legacy ? Load<uint32_t>(p + 4) : Load<uint32_t>(p); }

template <bool kFilter>
DecodeEnd DecodeEvt20(const char* begin, const char* end, Evt2State& state, EventOutput& out) {
  if (state.time == Evt2State::kUnknown) return DecodeEnd::kNeedsState;
  // A local copy: records are written through char pointers, which could alias the caller's state.
  Evt2State s = state;
  const int8_t pol[2] = {out.polarity_map()[0], out.polarity_map()[1]};
  int64_t base = s.epoch * evt2::kPeriod - out.origin() + (int64_t{s.time_high} << evt2::kTimeLowBits);
  Counters& c = out.counters;
  for (const char* block = begin; block < end;) {
    const char* block_end = block + std::min<size_t>(kBlockWords * 4, static_cast<size_t>(end - block));
    char* p = out.Reserve(kBlockWords);
    for (const char* w = block; w < block_end; w += 4) {
      uint32_t word = Load<uint32_t>(w);
      uint32_t type = word >> 28;
      if (type <= evt2::kCdOn) {
        if (s.time != Evt2State::kTime) [[unlikely]] {
          ++c.before_time;
          continue;
        }
        int64_t t = base + ((word >> 22) & 63);
        uint32_t x = (word >> 11) & 2047, y = word & 2047;
        if constexpr (kFilter) {
          if (!out.Keep(t, x, y, type, p)) {
            if (out.stop) break;
            continue;
          }
        }
        p = PutEvent(p, t, x, y, pol[type]);
      } else if (type == evt2::kTimeHigh) {
        uint32_t th = word & evt2::kTimeHighMask;
        if (s.time == Evt2State::kTime && IsWrap(s.time_high, th)) ++s.epoch;
        s.time = Evt2State::kTime;
        s.time_high = th;
        base = s.epoch * evt2::kPeriod - out.origin() + (int64_t{th} << evt2::kTimeLowBits);
        if constexpr (kFilter) {
          out.TimeFloor(base);
          if (out.stop) break;
        }
      } else if (type == evt2::kExtTrigger) {
        if (s.time != Evt2State::kTime) {
          ++c.before_time;
          continue;
        }
        out.Commit(p);  // triggers go to their own buffer; keep the event room consistent
        out.Trigger(base + ((word >> 22) & 63), static_cast<uint8_t>((word >> 8) & 31), word & 1);
        p = out.Reserve(kBlockWords);
      } else if (type == evt2::kOthers) {
        ++c.others;
      } else if (type == evt2::kContinued) {
        ++c.continued;
      } else {
        ++c.unknown;
      }
    }
    out.Commit(p);
    if (out.stop) {
      state = s;
      return DecodeEnd::kStopped;
    }
    block = block_end;
  }
  state = s;
  return DecodeEnd::kDone;
}

template <bool kFilter>
DecodeEnd DecodeEvt21(const char* begin, const char* end, Evt2State& state, EventOutput& out, bool legacy) {
  if (state.time == Evt2State::kUnknown) return DecodeEnd::kNeedsState;
  // A local copy: records are written through char pointers, which could alias the caller's state.
  Evt2State s = state;
  const int8_t pol[2] = {out.polarity_map()[0], out.polarity_map()[1]};
  int64_t base = s.epoch * evt2::kPeriod - out.origin() + (int64_t{s.time_high} << evt2::kTimeLowBits);
  Counters& c = out.counters;
  constexpr size_t kWords = kBlockWords / 8;
  for (const char* block = begin; block < end;) {
    const char* block_end = block + std::min<size_t>(kWords * 8, static_cast<size_t>(end - block));
    char* p = out.Reserve(kWords * 32);
    for (const char* w = block; w < block_end; w += 8) {
      uint32_t word = High21(w, legacy);
      uint32_t type = word >> 28;
      if (type <= evt2::kCdOn) {
        if (s.time != Evt2State::kTime) [[unlikely]] {
          c.before_time += static_cast<uint64_t>(std::popcount(Mask21(w, legacy)));
          continue;
        }
        int64_t t = base + ((word >> 22) & 63);
        uint32_t x = (word >> 11) & 2047, y = word & 2047;
        for (uint32_t mask = Mask21(w, legacy); mask != 0; mask &= mask - 1) {
          uint32_t xi = x + static_cast<uint32_t>(std::countr_zero(mask));
          if constexpr (kFilter) {
            if (!out.Keep(t, xi, y, type, p)) {
              if (out.stop) break;
              continue;
            }
          }
          p = PutEvent(p, t, xi, y, pol[type]);
        }
        if (kFilter && out.stop) break;
      } else if (type == evt2::kTimeHigh) {
        uint32_t th = word & evt2::kTimeHighMask;
        if (s.time == Evt2State::kTime && IsWrap(s.time_high, th)) ++s.epoch;
        s.time = Evt2State::kTime;
        s.time_high = th;
        base = s.epoch * evt2::kPeriod - out.origin() + (int64_t{th} << evt2::kTimeLowBits);
        if constexpr (kFilter) {
          out.TimeFloor(base);
          if (out.stop) break;
        }
      } else if (type == evt2::kExtTrigger) {
        if (s.time != Evt2State::kTime) {
          ++c.before_time;
          continue;
        }
        out.Commit(p);
        out.Trigger(base + ((word >> 22) & 63), static_cast<uint8_t>((word >> 8) & 31), word & 1);
        p = out.Reserve(kWords * 32);
      } else if (type == evt2::kOthers) {
        ++c.others;
      } else if (type == evt2::kContinued) {
        ++c.continued;
      } else {
        ++c.unknown;
      }
    }
    out.Commit(p);
    if (out.stop) {
      state = s;
      return DecodeEnd::kStopped;
    }
    block = block_end;
  }
  state = s;
  return DecodeEnd::kDone;
}

}  // namespace

uint32_t Evt2Decoder::TypeOf(const char* word) const {
  return (word_bytes_ == 4 ? Load<uint32_t>(word) : High21(word, legacy_)) >> 28;
}

Evt2State Evt2Decoder::Seed(const char* data, const char* pos, bool exact) const {
  constexpr size_t kGiveUp = size_t{16} << 20;
  Evt2State s;
  for (const char* w = pos; w > data;) {
    w -= word_bytes_;
    if (!exact && static_cast<size_t>(pos - w) > kGiveUp) {
      s.time = Evt2State::kUnknown;
      return s;
    }
    if (TypeOf(w) == evt2::kTimeHigh) {
      uint32_t word = word_bytes_ == 4 ? Load<uint32_t>(w) : High21(w, legacy_);
      s.time = Evt2State::kTime;
      s.time_high = word & evt2::kTimeHighMask;
      return s;
    }
  }
  return s;  // no TIME_HIGH before pos: as at the start of the file
}

DecodeEnd Evt2Decoder::Decode(const char* begin, const char* end, State& state, EventOutput& out) const {
  const bool filter = out.settings().filter.active();
  if (word_bytes_ == 4) {
    return filter ? DecodeEvt20<true>(begin, end, state, out) : DecodeEvt20<false>(begin, end, state, out);
  }
  return filter ? DecodeEvt21<true>(begin, end, state, out, legacy_)
                : DecodeEvt21<false>(begin, end, state, out, legacy_);
}

}  // namespace recpipe::parse_events
