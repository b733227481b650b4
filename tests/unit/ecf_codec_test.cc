// The ECF decoder on buffers encoded here by hand, one per layout of the format (ecf_codec.h), and on every cut
// and a few corruptions of them: damage is reported, never read past.
#include "cmd/parse_events/ecf_codec.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace recpipe::parse_events {
namespace {

struct Bytes {
  std::vector<uint8_t> b;
  template <typename T>
  Bytes& Put(T v) {
    size_t at = b.size();
    b.resize(at + sizeof v);
    std::memcpy(b.data() + at, &v, sizeof v);
    return *this;
  }
};

// Times 1000, 1000, 1003, 1003+0x123 (a long step), then that once more: tokens [dt|count].
void PutTimes(Bytes& out) {
  out.Put<uint64_t>(1000);
  out.Put<uint8_t>(0x02);  // dt 0, 2 events
  out.Put<uint8_t>(0x31);  // dt 3, 1 event
  out.Put<uint8_t>(0xF3);  // step nibbles 3, 2, 1 -> 0x123
  out.Put<uint8_t>(0xF2);
  out.Put<uint8_t>(0xF1);
  out.Put<uint8_t>(0x02);  // dt 0, 2 events
}
const int64_t kTimes[5] = {1000, 1000, 1003, 1003 + 0x123, 1003 + 0x123};

std::vector<EcfEvent> Decode(const Bytes& in) {
  std::vector<EcfEvent> events;
  std::string error;
  EXPECT_TRUE(DecodeEcf(in.b.data(), in.b.size(), &events, &error)) << error;
  return events;
}

TEST(EcfCodec, RowsMaskedColumnsAndPolarityRuns) {
  Bytes in;
  in.Put<uint32_t>(5 << 2);
  PutTimes(in);
  in.Put<uint16_t>((7 << 5) | 3).Put<uint16_t>((9 << 5) | 2);  // y 7 x3, y 9 x2
  in.Put<uint16_t>((100 << 5) | 0b10100);                     // x 100, 101, 103
  in.Put<uint16_t>(500 << 5).Put<uint16_t>(600 << 5);          // x 500, x 600
  in.Put<uint8_t>(0x80 | 2).Put<uint8_t>(3);                    // p 1 twice, 0 three times
  std::vector<EcfEvent> e = Decode(in);
  ASSERT_EQ(e.size(), 5u);
  const uint16_t xs[5] = {100, 101, 103, 500, 600}, ys[5] = {7, 7, 7, 9, 9};
  const int16_t ps[5] = {1, 1, 0, 0, 0};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(e[i].t, kTimes[i]) << i;
    EXPECT_EQ(e[i].x, xs[i]) << i;
    EXPECT_EQ(e[i].y, ys[i]) << i;
    EXPECT_EQ(e[i].p, ps[i]) << i;
  }
}

TEST(EcfCodec, XAndPolarityPacked) {
  Bytes in;
  in.Put<uint32_t>((5 << 2) | 1);
  PutTimes(in);
  in.Put<uint16_t>((4 << 5) | 5);
  const uint32_t v[8] = {(1000u << 1) | 1, (2047u << 1) | 0, (3u << 1) | 1, (77u << 1) | 0, (5u << 1) | 1, 0, 0, 0};
  for (int g = 0; g < 8; g += 4) {
    in.Put<uint16_t>(static_cast<uint16_t>((v[g] << 4) | (v[g + 1] & 0xF)));
    in.Put<uint16_t>(static_cast<uint16_t>(((v[g + 1] >> 4) << 8) | (v[g + 2] & 0xFF)));
    in.Put<uint16_t>(static_cast<uint16_t>(((v[g + 2] >> 8) << 12) | (v[g + 3] & 0xFFF)));
  }
  std::vector<EcfEvent> e = Decode(in);
  ASSERT_EQ(e.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(e[i].x, v[i] >> 1) << i;
    EXPECT_EQ(e[i].p, static_cast<int16_t>(v[i] & 1)) << i;
    EXPECT_EQ(e[i].y, 4) << i;
    EXPECT_EQ(e[i].t, kTimes[i]) << i;
  }
}

TEST(EcfCodec, YXAndPolarityPacked) {
  Bytes in;
  in.Put<uint32_t>((5 << 2) | 2);
  PutTimes(in);
  uint32_t v[8] = {};
  for (uint32_t i = 0; i < 5; ++i) v[i] = ((700 - i) << 12) | ((1279 - 3 * i) << 1) | (i & 1);
  for (int g = 0; g < 8; g += 4) {
    in.Put<uint32_t>((v[g] << 8) | (v[g + 1] & 0xFF));
    in.Put<uint32_t>(((v[g + 1] >> 8) << 16) | (v[g + 2] & 0xFFFF));
    in.Put<uint32_t>(((v[g + 2] >> 16) << 24) | (v[g + 3] & 0xFFFFFF));
  }
  std::vector<EcfEvent> e = Decode(in);
  ASSERT_EQ(e.size(), 5u);
  for (uint32_t i = 0; i < 5; ++i) {
    EXPECT_EQ(e[i].y, 700 - i);
    EXPECT_EQ(e[i].x, 1279 - 3 * i);
    EXPECT_EQ(e[i].p, static_cast<int16_t>(i & 1));
    EXPECT_EQ(e[i].t, kTimes[i]);
  }
}

TEST(EcfCodec, LongRunsUseTheirExtraCount) {
  Bytes in;
  in.Put<uint32_t>(300 << 2);
  in.Put<uint64_t>(42).Put<uint8_t>(0x0F).Put<uint16_t>(300);  // 300 events at t 42
  in.Put<uint16_t>((3 << 5) | 31).Put<uint16_t>(300);           // all on row 3
  for (int i = 0; i < 50; ++i) in.Put<uint16_t>(static_cast<uint16_t>((10 * i) << 5) | 0b11111);  // 6 each
  in.Put<uint8_t>(0x7F).Put<uint16_t>(300);                     // all OFF
  std::vector<EcfEvent> e = Decode(in);
  ASSERT_EQ(e.size(), 300u);
  EXPECT_EQ(e[299].t, 42);
  EXPECT_EQ(e[299].y, 3);
  EXPECT_EQ(e[299].x, 495);
  EXPECT_EQ(e[7].x, 11);
}

TEST(EcfCodec, DamageIsReportedNotReadPast) {
  Bytes in;
  in.Put<uint32_t>(5 << 2);
  PutTimes(in);
  in.Put<uint16_t>((7 << 5) | 3).Put<uint16_t>((9 << 5) | 2);
  in.Put<uint16_t>((100 << 5) | 0b10100).Put<uint16_t>(500 << 5).Put<uint16_t>(600 << 5);
  in.Put<uint8_t>(0x80 | 2).Put<uint8_t>(3);
  for (size_t cut = 0; cut < in.b.size(); ++cut) {
    // An exact-size copy, so that AddressSanitizer sees any read past the end.
    std::vector<uint8_t> part(in.b.begin(), in.b.begin() + static_cast<long>(cut));
    std::vector<EcfEvent> events;
    std::string error;
    EXPECT_FALSE(DecodeEcf(part.data(), part.size(), &events, &error)) << "cut at " << cut;
  }
  Bytes too_many = in;
  too_many.b[0] = static_cast<uint8_t>(9 << 2);  // says 9 events where the runs hold 5
  std::vector<EcfEvent> events;
  std::string error;
  EXPECT_FALSE(DecodeEcf(too_many.b.data(), too_many.b.size(), &events, &error));
  Bytes overflow;
  overflow.Put<uint32_t>(2 << 2).Put<uint64_t>(0).Put<uint8_t>(0x05);  // a run of 5 in a buffer of 2
  EXPECT_FALSE(DecodeEcf(overflow.b.data(), overflow.b.size(), &events, &error));
}

}  // namespace
}  // namespace recpipe::parse_events
