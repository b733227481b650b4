#include "cmd/parse_events/hdf5_values.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

namespace recpipe::parse_events {
namespace {

template <typename T>
T Get(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <typename T>
std::string Text(T v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

// Whether v is a whole number in [lo, hi] (for floats: finite, no fraction).
template <typename T>
bool WholeIn(T v, int64_t lo, uint64_t hi) {
  if constexpr (std::is_floating_point_v<T>) {
    // lo and hi are exact as doubles for every bound used here except i64's top, hence the half-open test there.
    if (!(v == v) || v != std::trunc(v)) return false;
    const double top = static_cast<double>(hi);
    return v >= static_cast<double>(lo) && (hi == uint64_t{std::numeric_limits<int64_t>::max()} ? v < top : v <= top);
  } else if constexpr (std::is_signed_v<T>) {
    return static_cast<int64_t>(v) >= lo && (v < 0 || static_cast<uint64_t>(v) <= hi);
  } else {
    return lo <= 0 && static_cast<uint64_t>(v) <= hi;
  }
}

// Runs convert(value, &out[i]) -> bool over the column with its element type as a template argument. The first pass
// has no early exit (and a fixed stride for plain arrays) so that the compiler can vectorize it; only when a value
// failed does a second pass look for the first one.
template <typename Out, typename Convert>
size_t Each(NumberColumn in, size_t n, Out* out, std::string* why, const char* fits, Convert convert) {
  auto run = [&](auto zero) -> size_t {
    using T = decltype(zero);
    bool ok = true;
    if (in.stride == sizeof(T)) {
      for (size_t i = 0; i < n; ++i) ok &= convert(Get<T>(in.base + i * sizeof(T)), &out[i]);
    } else {
      for (size_t i = 0; i < n; ++i) ok &= convert(Get<T>(in.base + i * in.stride), &out[i]);
    }
    if (ok) return n;
    for (size_t i = 0; i < n; ++i) {
      const char* p = in.base + i * in.stride;
      if (!convert(Get<T>(p), &out[i])) {
        *why = NumberText(p, in.type) + " " + fits;
        return i;
      }
    }
    return n;
  };
  switch (in.type.kind) {
    case NumberKind::kFloat: return in.type.size == 4 ? run(float{}) : run(double{});
    case NumberKind::kSigned:
      switch (in.type.size) {
        case 1: return run(int8_t{});
        case 2: return run(int16_t{});
        case 4: return run(int32_t{});
        default: return run(int64_t{});
      }
    case NumberKind::kUnsigned:
      switch (in.type.size) {
        case 1: return run(uint8_t{});
        case 2: return run(uint16_t{});
        case 4: return run(uint32_t{});
        default: return run(uint64_t{});
      }
  }
  return 0;
}

__extension__ typedef __int128 Int128;  // GCC's and Clang's; __extension__ keeps -Wpedantic quiet

constexpr uint64_t kI64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kI64Min = std::numeric_limits<int64_t>::min();

}  // namespace

std::string NumberText(const char* p, NumberType type) {
  switch (type.kind) {
    case NumberKind::kFloat: return type.size == 4 ? Text(Get<float>(p)) : Text(Get<double>(p));
    case NumberKind::kSigned:
      switch (type.size) {
        case 1: return Text(static_cast<int>(Get<int8_t>(p)));
        case 2: return Text(Get<int16_t>(p));
        case 4: return Text(Get<int32_t>(p));
        default: return Text(Get<int64_t>(p));
      }
    case NumberKind::kUnsigned:
      switch (type.size) {
        case 1: return Text(static_cast<unsigned>(Get<uint8_t>(p)));
        case 2: return Text(Get<uint16_t>(p));
        case 4: return Text(Get<uint32_t>(p));
        default: return Text(Get<uint64_t>(p));
      }
  }
  return "?";
}

size_t ToU16(NumberColumn in, size_t n, uint16_t* out, std::string* why) {
  return Each(in, n, out, why, "does not fit in u16 (whole numbers 0..65535)", [](auto v, uint16_t* o) {
    if (!WholeIn(v, 0, 65535)) return false;
    *o = static_cast<uint16_t>(v);
    return true;
  });
}

size_t ToU8(NumberColumn in, size_t n, uint8_t* out, std::string* why) {
  return Each(in, n, out, why, "does not fit in u8 (whole numbers 0..255)", [](auto v, uint8_t* o) {
    if (!WholeIn(v, 0, 255)) return false;
    *o = static_cast<uint8_t>(v);
    return true;
  });
}

size_t ToPolarity(NumberColumn in, size_t n, uint8_t* out, std::string* why) {
  return Each(in, n, out, why, "is not a polarity", [](auto v, uint8_t* o) {
    if (!(v == v)) return false;  // NaN is neither above 0 nor not
    *o = v > 0;
    return true;
  });
}

size_t ToMicros(NumberColumn in, size_t n, int64_t* out, std::string* why) {
  return Each(in, n, out, why, "is not a time in microseconds (whole numbers within i64)", [](auto v, int64_t* o) {
    if (!WholeIn(v, kI64Min, kI64Max)) return false;
    *o = static_cast<int64_t>(v);
    return true;
  });
}

size_t SecondsToMicros(NumberColumn in, size_t n, int64_t* out, std::string* why) {
  return Each(in, n, out, why, "is not a time in seconds within the i64 range of microseconds", [](auto v, int64_t* o) {
    using T = decltype(v);
    if constexpr (std::is_floating_point_v<T>) {
      return SecondsToMicros(static_cast<double>(v), o);
    } else {
      if (!WholeIn(v, kI64Min, kI64Max)) return false;
      return !__builtin_mul_overflow(static_cast<int64_t>(v), int64_t{1000000}, o);
    }
  });
}

bool SecondsToMicros(double v, int64_t* us) {
  // Fast path: the product rounded to a double is within half an ulp of the exact one, so when it is further than
  // an ulp from a half, both round to the same whole number.
  const double product = v * 1e6;
  if (std::fabs(product) < 0x1p52) {
    const double whole = std::round(product);
    if (std::fabs(product - whole) + std::fabs(product) * 0x1p-52 < 0.5) {
      *us = static_cast<int64_t>(whole);
      return true;
    }
  }
  if (!std::isfinite(v)) return false;
  // |v| = m * 2^e with m a whole number below 2^53, so |v| * 10^6 = m * 15625 * 2^(e + 6) exactly in 128 bits.
  int e = 0;
  const double f = std::frexp(std::fabs(v), &e);
  Int128 q = static_cast<Int128>(std::ldexp(f, 53)) * 15625;
  const int shift = e - 53 + 6;
  if (shift >= 0) {
    if (q != 0) return false;  // m >= 2^52 when v != 0: already past 2^63 us
  } else if (-shift >= 100) {
    q = 0;  // below 2^-30 us
  } else {
    q = (q + (static_cast<Int128>(1) << (-shift - 1))) >> -shift;  // halves round up in magnitude
  }
  const Int128 max = static_cast<Int128>(kI64Max) + (v < 0 ? 1 : 0);
  if (q > max) return false;
  *us = v < 0 ? static_cast<int64_t>(-q) : static_cast<int64_t>(q);
  return true;
}

}  // namespace recpipe::parse_events
