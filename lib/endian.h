// Little-endian loads and stores at any alignment. The stream is little-endian and its fields are packed, so every
// access goes through memcpy, which compilers turn into a single move on x86 and ARM.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace recpipe {

static_assert(std::endian::native == std::endian::little, "recpipe supports little-endian hosts only");

template <typename T>
inline T Load(const void* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <typename T>
inline void Store(void* p, T v) {
  std::memcpy(p, &v, sizeof v);
}

}  // namespace recpipe
