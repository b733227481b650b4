// gzip, xz and zstd data made with the reference libraries decompress to the original bytes however the input
// arrives, including concatenated members, frames and streams and multi-block xz; cut-short and damaged data fail
// with a DataError naming the file and the codec.
#include "lib/decompress.h"
#include "lib/memory_source.h"

#include <gtest/gtest.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>

#include "lib/error.h"

namespace recpipe {
namespace {

// Half text, half noise, so that the compressed form is several input buffers long.
std::string TestData(size_t size, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s;
  while (s.size() < size) {
    if (rng() % 2) {
      s += "line " + std::to_string(rng() % 1000) + " of some fairly compressible text\n";
    } else {
      for (int i = 0; i < 64; ++i) s.push_back(static_cast<char>(rng()));
    }
  }
  s.resize(size);
  return s;
}

std::string Gzip(std::string_view data) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Xz(std::string_view data, size_t block_size) {
  lzma_stream z = LZMA_STREAM_INIT;
  lzma_mt mt{};
  mt.threads = 2;
  mt.block_size = block_size;  // 0: the encoder's default (one block for small data)
  mt.preset = 1;
  mt.check = LZMA_CHECK_CRC64;
  EXPECT_EQ(lzma_stream_encoder_mt(&z, &mt), LZMA_OK);
  std::string out(lzma_stream_buffer_bound(data.size()) + 4096, '\0');
  z.next_in = reinterpret_cast<const uint8_t*>(data.data());
  z.avail_in = data.size();
  z.next_out = reinterpret_cast<uint8_t*>(out.data());
  z.avail_out = out.size();
  lzma_ret rc;
  while ((rc = lzma_code(&z, LZMA_FINISH)) == LZMA_OK) {
  }
  EXPECT_EQ(rc, LZMA_STREAM_END);
  out.resize(z.total_out);
  lzma_end(&z);
  return out;
}

std::string Zstd(std::string_view data) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);  // so that damage to the content is detectable
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t n = ZSTD_compress2(c, out.data(), out.size(), data.data(), data.size());
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  ZSTD_freeCCtx(c);
  return out;
}

// Decompresses in reads of random sizes into buffers of random sizes.
std::string Decompress(Compression c, const std::string& compressed, int threads = 1, uint32_t seed = 1,
                       size_t max_read = 5000) {
  auto d = MakeDecompressor(c, "in.data", threads);
  MemorySource src(compressed, max_read, seed);
  std::mt19937 rng(seed + 1);
  std::string out;
  std::string buf(1 << 17, '\0');
  for (;;) {
    size_t want = 1 + rng() % buf.size();
    size_t k = d->Read(src, buf.data(), want);
    EXPECT_LE(k, want);
    if (k == 0) break;
    out.append(buf.data(), k);
  }
  EXPECT_EQ(d->Read(src, buf.data(), buf.size()), 0u) << "data after the end";
  return out;
}

// The DataError message that decompressing throws ("" if none).
std::string ErrorOf(Compression c, const std::string& compressed) {
  try {
    Decompress(c, compressed);
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

bool Contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

class Codec : public ::testing::TestWithParam<Compression> {
 protected:
  std::string Compress(std::string_view data) {
    switch (GetParam()) {
      case Compression::kGzip: return Gzip(data);
      case Compression::kXz: return Xz(data, 0);
      default: return Zstd(data);
    }
  }
};

TEST_P(Codec, RoundTrip) {
  std::string data = TestData(700000, 1);
  std::string z = Compress(data);
  EXPECT_EQ(DetectCompression(z), GetParam());
  EXPECT_GT(z.size(), 200000u);
  for (uint32_t seed : {1, 2}) EXPECT_TRUE(Decompress(GetParam(), z, 1, seed) == data);
  EXPECT_TRUE(Decompress(GetParam(), z, 1, 3, 1 << 20) == data);
}

TEST_P(Codec, TinyReads) {
  std::string data = TestData(20000, 2);
  EXPECT_TRUE(Decompress(GetParam(), Compress(data), 1, 4, 3) == data);
}

TEST_P(Codec, EmptyContent) { EXPECT_EQ(Decompress(GetParam(), Compress("")), ""); }

TEST_P(Codec, ConcatenatedMembers) {
  std::string a = TestData(300000, 3), b = TestData(1000, 4);
  std::string z = Compress(a) + Compress(b) + Compress("") + Compress("tail\n");
  EXPECT_TRUE(Decompress(GetParam(), z) == a + b + "tail\n");
  EXPECT_TRUE(Decompress(GetParam(), z, 1, 9, 7) == a + b + "tail\n");
}

TEST_P(Codec, CutShort) {
  std::string data = TestData(300000, 5);
  std::string first = Compress("first member\n");
  std::string z = first + Compress(data);
  std::string codec(CompressionName(GetParam()));
  std::vector<size_t> cuts = {
      1,           5, first.size() - 1, first.size() + 1, first.size() + 10, z.size() / 2, z.size() - 9, z.size() - 4,
      z.size() - 1};
  for (size_t at = 0; at < z.size(); at += 7919) cuts.push_back(at);
  for (size_t cut : cuts) {
    if (cut == 0 || cut == first.size()) continue;  // whole members: valid
    std::string e = ErrorOf(GetParam(), z.substr(0, cut));
    EXPECT_TRUE(Contains(e, "in.data: " + codec + ": ")) << "cut at " << cut << ": '" << e << "'";
    EXPECT_TRUE(Contains(e, "cut short")) << "cut at " << cut << ": '" << e << "'";
  }
}

TEST_P(Codec, Damaged) {
  std::string data = TestData(200000, 6);
  std::string z = Compress(data);
  std::string codec(CompressionName(GetParam()));
  for (size_t at : {z.size() / 3, z.size() / 2, z.size() - 20}) {
    std::string bad = z;
    bad[at] = static_cast<char>(bad[at] ^ 0x55);
    std::string e = ErrorOf(GetParam(), bad);
    EXPECT_TRUE(Contains(e, "in.data: " + codec + ": ")) << "damage at " << at << ": '" << e << "'";
    EXPECT_TRUE(Contains(e, "compressed byte ")) << e;
  }
  // Garbage after the last member is not silently dropped.
  EXPECT_NE(ErrorOf(GetParam(), z + "garbage that is not a member"), "");
}

INSTANTIATE_TEST_SUITE_P(All, Codec, ::testing::Values(Compression::kGzip, Compression::kXz, Compression::kZstd),
                         [](const auto& param_info) { return std::string(CompressionName(param_info.param)); });

TEST(Xz, MultiBlockOnSeveralThreads) {
  std::string data = TestData(1500000, 7);
  std::string z = Xz(data, 64 * 1024);
  lzma_stream_flags flags;
  ASSERT_EQ(lzma_stream_footer_decode(&flags, reinterpret_cast<const uint8_t*>(z.data() + z.size() - 12)), LZMA_OK);
  EXPECT_GT(flags.backward_size, 64u) << "expected an index of many blocks";
  for (int threads : {1, 2, 4}) EXPECT_TRUE(Decompress(Compression::kXz, z, threads) == data) << threads;
  std::string two = z + Xz("second stream\n", 64 * 1024);
  EXPECT_TRUE(Decompress(Compression::kXz, two, 3, 5, 100) == data + "second stream\n");
  std::string e = ErrorOf(Compression::kXz, z.substr(0, z.size() / 2));
  EXPECT_TRUE(Contains(e, "cut short")) << e;
}

TEST(DetectCompression, ByMagic) {
  EXPECT_EQ(DetectCompression(Gzip("x")), Compression::kGzip);
  EXPECT_EQ(DetectCompression(Xz("x", 0)), Compression::kXz);
  EXPECT_EQ(DetectCompression(Zstd("x")), Compression::kZstd);
  EXPECT_EQ(DetectCompression("name,age\n"), Compression::kNone);
  EXPECT_EQ(DetectCompression(""), Compression::kNone);
  EXPECT_EQ(DetectCompression("\x1f"), Compression::kNone);
  EXPECT_EQ(DetectCompression("\xfd"
                              "7zX"),
            Compression::kNone);
  EXPECT_EQ(CompressionName(Compression::kGzip), "gzip");
  EXPECT_EQ(CompressionName(Compression::kXz), "xz");
  EXPECT_EQ(CompressionName(Compression::kZstd), "zstd");
  EXPECT_EQ(MakeDecompressor(Compression::kNone, "x", 1), nullptr);
}

}  // namespace
}  // namespace recpipe
