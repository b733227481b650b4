#include "cmd/parse_events/dat_decoder.h"

#include <algorithm>

#include "lib/endian.h"

namespace recpipe::parse_events {
namespace {

constexpr size_t kBlockEvents = 4096;

template <bool kFilter, int kVersion>
DecodeEnd DecodeImpl(const char* begin, const char* end, DatState& s, EventOutput& out) {
  const int8_t* pol = out.polarity_map();
  int64_t time_base = s.epoch * dat::kPeriod - out.origin();
  for (const char* block = begin; block < end;) {
    const char* block_end = block + std::min<size_t>(kBlockEvents * 8, static_cast<size_t>(end - block));
    char* p = out.Reserve(kBlockEvents);
    for (const char* e = block; e < block_end; e += 8) {
      uint32_t ts = Load<uint32_t>(e), addr = Load<uint32_t>(e + 4);
      if (s.has_last && DatDecoder::IsWrap(s.last_t, ts)) [[unlikely]] {
        ++s.epoch;
        time_base = s.epoch * dat::kPeriod - out.origin();
      }
      s.has_last = true;
      s.last_t = ts;
      uint32_t x, y, p01;
      if constexpr (kVersion >= 2) {
        x = addr & 0x3FFF;
        y = (addr >> 14) & 0x3FFF;
        p01 = (addr >> 28) & 1;
      } else {
        x = addr & 0x1FF;
        y = (addr >> 9) & 0xFF;
        p01 = (addr >> 17) & 1;
      }
      int64_t t = time_base + ts;
      if constexpr (kFilter) {
        out.TimeFloor(t);  // DAT files are sorted by time: past the window, nothing more is wanted
        if (out.stop || !out.Keep(t, x, y, p01, p)) {
          if (out.stop) {
            out.Commit(p);
            return DecodeEnd::kStopped;
          }
          continue;
        }
      }
      p = PutEvent(p, t, x, y, pol[p01]);
    }
    out.Commit(p);
    block = block_end;
  }
  return DecodeEnd::kDone;
}

}  // namespace

DatState DatDecoder::Seed(const char* data, const char* pos, bool) const {
  DatState s;
  if (pos > data) {
    s.has_last = true;
    s.last_t = Load<uint32_t>(pos - dat::kEventBytes);
  }
  return s;
}

DecodeEnd DatDecoder::Decode(const char* begin, const char* end, State& state, EventOutput& out) const {
  const bool filter = out.settings().filter.active();
  if (version_ >= 2) {
    return filter ? DecodeImpl<true, 2>(begin, end, state, out) : DecodeImpl<false, 2>(begin, end, state, out);
  }
  return filter ? DecodeImpl<true, 1>(begin, end, state, out) : DecodeImpl<false, 1>(begin, end, state, out);
}

}  // namespace recpipe::parse_events
