#include "cmd/parse_events/evt3_decoder.h"

#include <algorithm>
#include <bit>

#include "lib/endian.h"

namespace recpipe::parse_events {
namespace {

using S = Evt3State;
constexpr size_t kBlockWords = 2048;
constexpr uint8_t kAllUnknown = S::kStarted | S::kTimeHigh | S::kTimeLow | S::kRow | S::kBase;

// What an event word does with the current registers.
enum Mode : uint8_t { kEmit, kBeforeTime, kOffSensor, kNeedState };

inline Mode ModeOf(const S& s) {
  if (!s.started) return kBeforeTime;
  if (s.unknown & S::kRow) return kNeedState;
  if (!s.row_valid) return kOffSensor;
  if (s.unknown & (S::kTimeHigh | S::kTimeLow)) return kNeedState;
  return kEmit;
}

template <bool kFilter>
DecodeEnd DecodeImpl(const char* begin, const char* end, S& state, EventOutput& out, uint32_t height) {
  if (state.unknown & S::kStarted) return DecodeEnd::kNeedsState;
  // Locals, not the caller's objects: the records are written through char pointers, which may alias anything,
  // and would make the compiler reload the state after every record.
  S s = state;
  const int8_t pol[2] = {out.polarity_map()[0], out.polarity_map()[1]};
  Counters& c = out.counters;
  int64_t time_base = s.epoch * evt3::kPeriod - out.origin();
  int64_t t = time_base + ((int64_t{s.time_high} << 12) | s.time_low);
  Mode mode = ModeOf(s);
  DecodeEnd result = DecodeEnd::kDone;
  for (const char* block = begin; block < end;) {
    const char* block_end = block + std::min<size_t>(kBlockWords * 2, static_cast<size_t>(end - block));
    char* p = out.Reserve(kBlockWords * 12);
    const char* w = block;
    for (; w < block_end; w += 2) {
      uint32_t word = Load<uint16_t>(w);
      // The common pair, rows and single events (nine words in ten in real recordings), without a branch between
      // them: the event is written either way and kept only for an EVT_ADDR_X.
      if constexpr (!kFilter) {
        if (mode == kEmit && ((word >> 12) | 2) == 2) {
          const uint32_t v = word & 2047;
          const bool is_x = (word >> 12) == evt3::kAddrX;
          PutEvent(p, t, v, s.y, pol[(word >> 11) & 1]);
          p += is_x ? kEventBytes : 0;
          s.y = static_cast<uint16_t>(is_x ? s.y : v);
          if (!is_x && height != 0 && v >= height) [[unlikely]] {
            s.row_valid = false;
            mode = ModeOf(s);
          }
          continue;
        }
      }
      switch (word >> 12) {
        case evt3::kAddrX: {
          if (mode != kEmit) [[unlikely]] {
            if (mode == kNeedState) { result = DecodeEnd::kNeedsState; goto stop; }
            ++(mode == kBeforeTime ? c.before_time : c.out_of_sensor);
            break;
          }
          uint32_t x = word & 2047, p01 = (word >> 11) & 1;
          if constexpr (kFilter) {
            if (!out.Keep(t, x, s.y, p01, p)) {
              if (out.stop) goto stop;
              break;
            }
          }
          p = PutEvent(p, t, x, s.y, pol[p01]);
          break;
        }
        case evt3::kVect12:
        case evt3::kVect8: {
          const bool twelve = (word >> 12) == evt3::kVect12;
          uint32_t mask = twelve ? (word & 0xFFF) : (word & 0xFF);
          if (mode != kEmit) [[unlikely]] {
            if (mode == kNeedState) { result = DecodeEnd::kNeedsState; goto stop; }
            (mode == kBeforeTime ? c.before_time : c.out_of_sensor) += static_cast<uint64_t>(std::popcount(mask));
            break;
          }
          if (s.unknown & S::kBase) [[unlikely]] { result = DecodeEnd::kNeedsState; goto stop; }
          const uint32_t base = s.base_x, p01 = s.polarity;
          for (; mask != 0; mask &= mask - 1) {
            uint32_t x = base + static_cast<uint32_t>(std::countr_zero(mask));
            if constexpr (kFilter) {
              if (!out.Keep(t, x, s.y, p01, p)) {
                if (out.stop) goto stop;
                continue;
              }
            }
            p = PutEvent(p, t, x, s.y, pol[p01]);
          }
          s.base_x = static_cast<uint16_t>(base + (twelve ? 12 : 8));
          break;
        }
        case evt3::kAddrY:
          if (!s.started) break;
          s.y = word & 2047;
          s.unknown &= ~S::kRow;
          s.row_valid = height == 0 || s.y < height;
          mode = ModeOf(s);
          break;
        case evt3::kVectBaseX:
          if (!s.started) break;
          s.base_x = word & 2047;
          s.polarity = (word >> 11) & 1;
          s.unknown &= ~S::kBase;
          break;
        case evt3::kTimeLow:
          if (!s.started) break;
          s.time_low = word & 0xFFF;
          s.unknown &= ~S::kTimeLow;
          t = time_base + ((int64_t{s.time_high} << 12) | s.time_low);
          mode = ModeOf(s);
          break;
        case evt3::kTimeHigh: {
          uint16_t th = word & 0xFFF;
          if (!s.started) {
            s.started = true;
            s.time_low = 0;
          } else {
            if (s.unknown & S::kTimeHigh) { result = DecodeEnd::kNeedsState; goto stop; }
            if (s.time_high >= evt3::kWrapDrop + th) {
              ++s.epoch;
              time_base = s.epoch * evt3::kPeriod - out.origin();
            }
            if (th != s.time_high) {
              s.time_low = 0;
              s.unknown &= ~S::kTimeLow;
            }
          }
          s.time_high = th;
          t = time_base + ((int64_t{s.time_high} << 12) | s.time_low);
          mode = ModeOf(s);
          if constexpr (kFilter) {
            out.TimeFloor(time_base + (int64_t{th} << 12));
            if (out.stop) goto stop;
          }
          break;
        }
        case evt3::kExtTrigger:
          if (!s.started) {
            ++c.before_time;
            break;
          }
          if (s.unknown & (S::kTimeHigh | S::kTimeLow)) { result = DecodeEnd::kNeedsState; goto stop; }
          out.Commit(p);
          out.Trigger(t, static_cast<uint8_t>((word >> 8) & 15), word & 1);
          p = out.Reserve(kBlockWords * 12);
          break;
        case evt3::kOthers:
          ++c.others;
          break;
        case evt3::kContinued4:
        case evt3::kContinued12:
          ++c.continued;
          break;
        default:
          ++c.unknown;
          break;
      }
    }
    out.Commit(p);
    block = block_end;
    continue;
  stop:
    out.Commit(p);
    if (result == DecodeEnd::kDone) result = DecodeEnd::kStopped;
    state = s;
    return result;
  }
  state = s;
  return result;
}

}  // namespace

void Evt3Decoder::Track(const char* begin, const char* end, S& s) const {
  for (const char* w = begin; w < end; w += 2) {
    uint32_t word = Load<uint16_t>(w);
    uint32_t type = word >> 12;
    if (!s.started) {
      if (type != evt3::kTimeHigh) continue;
      // The first TIME_HIGH seen: from the file's start it clears time low; from a window, whether it changed time
      // high (and so cleared time low) cannot be told.
      s.started = true;
      if (s.unknown & S::kStarted) s.unknown = (s.unknown & ~(S::kStarted | S::kTimeHigh)) | S::kTimeLow;
      else s.time_low = 0;
      s.time_high = word & 0xFFF;
      continue;
    }
    switch (type) {
      case evt3::kAddrY:
        s.y = word & 2047;
        s.unknown &= ~S::kRow;
        s.row_valid = height_ == 0 || s.y < height_;
        break;
      case evt3::kVectBaseX:
        s.base_x = word & 2047;
        s.polarity = (word >> 11) & 1;
        s.unknown &= ~S::kBase;
        break;
      case evt3::kVect12:
      case evt3::kVect8:
        if (s.unknown & S::kRow) s.unknown |= S::kBase;  // whether base x moved depends on the unknown row
        else if (s.row_valid) s.base_x = static_cast<uint16_t>(s.base_x + (type == evt3::kVect12 ? 12 : 8));
        break;
      case evt3::kTimeLow:
        s.time_low = word & 0xFFF;
        s.unknown &= ~S::kTimeLow;
        break;
      case evt3::kTimeHigh: {
        uint16_t th = word & 0xFFF;
        if (s.unknown & S::kTimeHigh) {
          s.unknown = (s.unknown & ~S::kTimeHigh) | S::kTimeLow;
        } else if (th != s.time_high) {
          s.time_low = 0;
          s.unknown &= ~S::kTimeLow;
        }
        s.time_high = th;
        break;
      }
      default:
        break;
    }
  }
}

Evt3State Evt3Decoder::Seed(const char* data, const char* pos, SeedLevel level) const {
  // Registers are set every few words in real data: 16 KiB back is nearly always enough.
  constexpr size_t kFirstWindow = 16 << 10, kGiveUp = size_t{16} << 20;
  const uint8_t needed = S::kStarted | S::kTimeHigh | S::kTimeLow | S::kRow |
                         (level == SeedLevel::kFull ? S::kBase : 0);
  for (size_t window = kFirstWindow;; window *= 4) {
    const size_t back = std::min(window, static_cast<size_t>(pos - data)) & ~size_t{1};
    S s;
    const bool from_start = pos - back == data;
    if (!from_start) s.unknown = kAllUnknown;
    Track(pos - back, pos, s);
    if (from_start || (s.unknown & needed) == 0) return s;
    if (level == SeedLevel::kFast && window >= kGiveUp) return s;
  }
}

DecodeEnd Evt3Decoder::Decode(const char* begin, const char* end, State& state, EventOutput& out) const {
  return out.settings().filter.active() ? DecodeImpl<true>(begin, end, state, out, height_)
                                        : DecodeImpl<false>(begin, end, state, out, height_);
}

}  // namespace recpipe::parse_events
