#include "cmd/parse_events/ecf_codec.h"

#include <hdf5.h>

#include <cstdlib>
#include <cstring>
#include <mutex>

#include "lib/endian.h"

namespace recpipe::parse_events {
namespace {

// A bounds-checked little-endian reader; Ok() turns false for good once a read runs past the end.
class Cursor {
 public:
  Cursor(const uint8_t* p, const uint8_t* end) : p_(p), end_(end) {}
  template <typename T>
  T Next() {
    if (static_cast<size_t>(end_ - p_) < sizeof(T)) {
      ok_ = false;
      p_ = end_;
      return T{};
    }
    T v = Load<T>(p_);
    p_ += sizeof(T);
    return v;
  }
  template <typename T>
  T Peek() {
    return static_cast<size_t>(end_ - p_) < sizeof(T) ? T{} : Load<T>(p_);
  }
  bool ok() const { return ok_; }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
  bool ok_ = true;
};

bool DecodeTimes(Cursor& c, size_t n, std::vector<int64_t>& ts) {
  uint64_t t = c.Next<uint64_t>();
  for (size_t i = 0; i < n && c.ok();) {
    uint8_t v = c.Next<uint8_t>();
    uint32_t dt = v >> 4, count = v & 15;
    if (dt != 15) {
      t += dt;
      if (count == 15) count = c.Next<uint16_t>();
      if (count > n - i) return false;
      for (uint32_t j = 0; j < count; ++j) ts[i++] = static_cast<int64_t>(t);
      continue;
    }
    // A time step, 4 bits per byte while the bytes' upper nibble is 15; the byte after the run is a token.
    uint64_t step = 0;
    for (int shift = 0;; shift += 4) {
      if (shift < 64) step |= uint64_t{count} << shift;
      uint8_t next = c.Peek<uint8_t>();
      if ((next >> 4) != 15) break;
      c.Next<uint8_t>();
      count = next & 15;
    }
    t += step;
  }
  return c.ok();
}

// Run-length tokens of a u16 [value:11 | count:5], count 31 meaning "the count is the next u16".
bool DecodeRows(Cursor& c, size_t n, std::vector<uint16_t>& ys) {
  for (size_t i = 0; i < n && c.ok();) {
    uint16_t v = c.Next<uint16_t>();
    uint32_t count = v & 31;
    if (count == 31) count = c.Next<uint16_t>();
    if (count > n - i) return false;
    for (uint32_t j = 0; j < count; ++j) ys[i++] = v >> 5;
  }
  return c.ok();
}

bool DecodeXsMasked(Cursor& c, size_t n, std::vector<uint16_t>& xs) {
  for (size_t i = 0; i < n && c.ok();) {
    uint16_t v = c.Next<uint16_t>();
    uint16_t x = v >> 5;
    xs[i++] = x;
    for (int j = 0; j < 5; ++j) {
      if (v & (1u << (4 - j))) {
        if (i == n) return false;
        xs[i++] = static_cast<uint16_t>(x + j + 1);
      }
    }
  }
  return c.ok();
}

bool DecodePolarities(Cursor& c, size_t n, std::vector<int16_t>& ps) {
  for (size_t i = 0; i < n && c.ok();) {
    uint8_t v = c.Next<uint8_t>();
    uint32_t count = v & 127;
    if (count == 127) count = c.Next<uint16_t>();
    if (count > n - i) return false;
    for (uint32_t j = 0; j < count; ++j) ps[i++] = v >> 7;
  }
  return c.ok();
}

// Four 12-bit values in three u16: the first in the top 12 bits of word 0, the second split over the low 4 bits
// of word 0 (its low bits) and the top 8 of word 1, and so on.
void UnpackGroup12(uint16_t w0, uint16_t w1, uint16_t w2, uint32_t v[4]) {
  v[0] = w0 >> 4;
  v[1] = (w0 & 0xF) | ((w1 >> 8) << 4);
  v[2] = (w1 & 0xFF) | ((w2 >> 12) << 8);
  v[3] = w2 & 0xFFF;
}

// Four 24-bit values in three u32, split the same way.
void UnpackGroup24(uint32_t w0, uint32_t w1, uint32_t w2, uint32_t v[4]) {
  v[0] = w0 >> 8;
  v[1] = (w0 & 0xFF) | ((w1 >> 16) << 8);
  v[2] = (w1 & 0xFFFF) | ((w2 >> 24) << 16);
  v[3] = w2 & 0xFFFFFF;
}

}  // namespace

bool DecodeEcf(const uint8_t* data, size_t size, std::vector<EcfEvent>* events, std::string* error) {
  Cursor c(data, data + size);
  const uint32_t header = c.Next<uint32_t>();
  const size_t n = header >> 2;
  const bool pack_yxp = header & 2, pack_xp = header & 1;
  auto fail = [&](const char* what) {
    *error = std::string("ECF: ") + what;
    return false;
  };
  if (!c.ok()) return fail("buffer shorter than its header");
  if (n > kEcfMaxEvents) return fail("more events than a buffer can hold");
  std::vector<int64_t> ts(n);
  std::vector<uint16_t> xs(n), ys(n);
  std::vector<int16_t> ps(n);
  if (!DecodeTimes(c, n, ts)) return fail("damaged times");
  if (pack_yxp) {
    for (size_t i = 0; i < n; i += 4) {
      uint32_t w0 = c.Next<uint32_t>(), w1 = c.Next<uint32_t>(), w2 = c.Next<uint32_t>(), v[4];
      UnpackGroup24(w0, w1, w2, v);
      for (size_t j = 0; j < 4 && i + j < n; ++j) {
        ys[i + j] = (v[j] >> 12) & 2047;
        xs[i + j] = (v[j] >> 1) & 2047;
        ps[i + j] = v[j] & 1;
      }
    }
    if (!c.ok()) return fail("damaged packed coordinates");
  } else {
    if (!DecodeRows(c, n, ys)) return fail("damaged rows");
    if (pack_xp) {
      for (size_t i = 0; i < n; i += 4) {
        uint16_t w0 = c.Next<uint16_t>(), w1 = c.Next<uint16_t>(), w2 = c.Next<uint16_t>();
        uint32_t v[4];
        UnpackGroup12(w0, w1, w2, v);
        for (size_t j = 0; j < 4 && i + j < n; ++j) {
          xs[i + j] = static_cast<uint16_t>(v[j] >> 1);
          ps[i + j] = v[j] & 1;
        }
      }
      if (!c.ok()) return fail("damaged packed columns");
    } else {
      if (!DecodeXsMasked(c, n, xs)) return fail("damaged columns");
      if (!DecodePolarities(c, n, ps)) return fail("damaged polarities");
    }
  }
  events->resize(n);
  for (size_t i = 0; i < n; ++i) (*events)[i] = EcfEvent{xs[i], ys[i], ps[i], ts[i]};
  return true;
}

namespace {

// HDF5's filter callback: only the decoding direction; writing ECF is not supported.
size_t EcfFilter(unsigned int flags, size_t, const unsigned int[], size_t nbytes, size_t* buf_size, void** buf) {
  if (!(flags & H5Z_FLAG_REVERSE)) return 0;
  std::vector<EcfEvent> events;
  std::string error;
  if (!DecodeEcf(static_cast<const uint8_t*>(*buf), nbytes, &events, &error)) return 0;
  size_t bytes = events.size() * sizeof(EcfEvent);
  void* out = std::malloc(bytes == 0 ? 1 : bytes);
  if (!out) return 0;
  if (bytes != 0) std::memcpy(out, events.data(), bytes);
  std::free(*buf);
  *buf = out;
  *buf_size = bytes == 0 ? 1 : bytes;
  return bytes;
}

}  // namespace

void RegisterEcfFilter() {
  static std::once_flag once;
  std::call_once(once, [] {
    static const H5Z_class2_t kEcf = {H5Z_CLASS_T_VERS, static_cast<H5Z_filter_t>(kEcfFilterId), 1, 1,
                                      "ECF decoder (parse-events)", nullptr, nullptr, EcfFilter};
    H5Zregister(&kEcf);
  });
}

}  // namespace recpipe::parse_events
