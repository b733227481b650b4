// Prophesee's ECF codec (HDF5 filter 0x8ECF), the decoding half, written from the description below (the format of
// prophesee-ai/hdf5_ecf's ecf_codec.cpp). Debian has no plugin for it, so parse-events registers this decoder with
// H5Zregister; HDF5 then reads ECF datasets like any other.
//
// One HDF5 chunk is one ECF buffer of up to 65535 CD events {x u16, y u16, p i16, t i64}. All integers little-endian.
//   u32 header: n = header >> 2 events; bit 1: y, x and p packed together; bit 0: x and p packed together
//   times:  u64 t0, then byte tokens [dt:4 | count:4], starting from t = t0:
//             dt < 15:  t += dt; then `count` events at t (count 15: the count is the next u16 instead)
//             dt = 15:  a run of such bytes carries a time step, 4 bits each, least significant first; t += step
//   then, when bit 1 is set: groups of four 24-bit values (y << 12 | x << 1 | p) in three u32, the first value in the
//             top 24 bits of the first word and so on (see UnpackGroup24);
//   else rows: u16 tokens [y:11 | count:5] (count 31: the count is the next u16), then
//     when bit 0 is set: groups of four 12-bit values (x << 1 | p) in three u16 (UnpackGroup12);
//     else    x: u16 tokens [x:11 | mask:5]: an event at x, then at x+1+j for each set bit (4-j) of the mask;
//             p: byte tokens [p:1 | count:7] (count 127: the count is the next u16).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace recpipe::parse_events {

struct EcfEvent {
  uint16_t x, y;
  int16_t p;
  int64_t t;
};
static_assert(sizeof(EcfEvent) == 16);

inline constexpr unsigned kEcfFilterId = 0x8ECF;
inline constexpr size_t kEcfMaxEvents = 65535;

// Decodes one ECF buffer. Returns false (with a reason) when it is damaged: runs past its end, counts that
// do not add up. Never reads outside [data, data + size).
bool DecodeEcf(const uint8_t* data, size_t size, std::vector<EcfEvent>* events, std::string* error);

// Registers the decoder with HDF5 (once per process; later calls do nothing).
void RegisterEcfFilter();

}  // namespace recpipe::parse_events
