#include "lib/decompress.h"

#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "lib/error.h"

namespace recpipe {
namespace {

constexpr size_t kInputChunk = 1 << 17;

// Shared input handling: a buffer of compressed bytes and how far into the compressed file we are.
class BufferedDecompressor : public Decompressor {
 protected:
  explicit BufferedDecompressor(std::string name) : name_(std::move(name)), in_(kInputChunk) {}

  // Refills the input buffer when empty; returns false at the end of the compressed input.
  bool Refill(ByteSource& src) {
    if (avail_ != 0) return true;
    consumed_ += pos_;
    pos_ = 0;
    avail_ = src.Read(in_.data(), in_.size());
    return avail_ != 0;
  }
  [[noreturn]] void Fail(std::string_view codec, const std::string& why) const {
    throw DataError(name_ + ": " + std::string(codec) + ": " + why + " (compressed byte " +
                    std::to_string(consumed_ + pos_) + ")");
  }
  const unsigned char* next() const { return reinterpret_cast<const unsigned char*>(in_.data()) + pos_; }
  void Consume(size_t n) {
    pos_ += n;
    avail_ -= n;
  }

  std::string name_;
  std::vector<char> in_;
  size_t pos_ = 0;
  size_t avail_ = 0;
  uint64_t consumed_ = 0;
};

class GzipDecompressor : public BufferedDecompressor {
 public:
  explicit GzipDecompressor(std::string name) : BufferedDecompressor(std::move(name)) {
    std::memset(&z_, 0, sizeof z_);
    if (inflateInit2(&z_, 15 + 16) != Z_OK) Fail("gzip", "cannot initialise zlib");
  }
  ~GzipDecompressor() override { inflateEnd(&z_); }

  size_t Read(ByteSource& src, char* buf, size_t n) override {
    size_t produced = 0;
    while (produced < n) {
      bool more = Refill(src);
      if (!in_member_) {
        if (!more) break;
        if (started_) inflateReset(&z_);  // another member follows
        started_ = in_member_ = true;
      }
      z_.next_in = const_cast<unsigned char*>(next());
      z_.avail_in = static_cast<uInt>(std::min<size_t>(avail_, UINT32_MAX));
      z_.next_out = reinterpret_cast<unsigned char*>(buf + produced);
      z_.avail_out = static_cast<uInt>(std::min<size_t>(n - produced, UINT32_MAX));
      int rc = inflate(&z_, Z_NO_FLUSH);
      Consume(avail_ - z_.avail_in);
      size_t got = n - produced - z_.avail_out;
      produced += got;
      if (rc == Z_STREAM_END) {
        in_member_ = false;
      } else if (rc == Z_OK || rc == Z_BUF_ERROR) {
        // Input gone and nothing more to flush: the member was cut short.
        if (!more && got == 0) Fail("gzip", "data cut short");
      } else {
        Fail("gzip", z_.msg ? z_.msg : "invalid data");
      }
    }
    return produced;
  }

 private:
  z_stream z_;
  bool started_ = false;
  bool in_member_ = false;
};

class XzDecompressor : public BufferedDecompressor {
 public:
  XzDecompressor(std::string name, int threads) : BufferedDecompressor(std::move(name)) {
    lzma_mt mt{};
    mt.flags = LZMA_CONCATENATED;
    mt.threads = static_cast<uint32_t>(threads < 1 ? 1 : threads);
    mt.memlimit_threading = 1ull << 30;
    mt.memlimit_stop = UINT64_MAX;
    if (lzma_stream_decoder_mt(&z_, &mt) != LZMA_OK) Fail("xz", "cannot initialise liblzma");
  }
  ~XzDecompressor() override { lzma_end(&z_); }

  size_t Read(ByteSource& src, char* buf, size_t n) override {
    size_t produced = 0;
    while (produced < n && !finished_) {
      bool more = Refill(src);
      z_.next_in = next();
      z_.avail_in = avail_;
      z_.next_out = reinterpret_cast<uint8_t*>(buf + produced);
      z_.avail_out = n - produced;
      lzma_ret rc = lzma_code(&z_, more ? LZMA_RUN : LZMA_FINISH);
      Consume(avail_ - z_.avail_in);
      produced = n - z_.avail_out;
      if (rc == LZMA_STREAM_END) {
        finished_ = true;
      } else if (rc != LZMA_OK) {
        Fail("xz", rc == LZMA_BUF_ERROR ? "data cut short" : rc == LZMA_DATA_ERROR ? "damaged data"
                                                          : "decoder error " + std::to_string(rc));
      }
    }
    return produced;
  }

 private:
  lzma_stream z_ = LZMA_STREAM_INIT;
  bool finished_ = false;
};

class ZstdDecompressor : public BufferedDecompressor {
 public:
  explicit ZstdDecompressor(std::string name) : BufferedDecompressor(std::move(name)), z_(ZSTD_createDStream()) {}
  ~ZstdDecompressor() override { ZSTD_freeDStream(z_); }

  size_t Read(ByteSource& src, char* buf, size_t n) override {
    ZSTD_outBuffer out{buf, n, 0};
    while (out.pos < n) {
      bool more = Refill(src);
      if (!more && !in_frame_) break;
      ZSTD_inBuffer in{next(), avail_, 0};
      size_t before = out.pos;
      size_t rc = ZSTD_decompressStream(z_, &out, &in);
      Consume(in.pos);
      if (ZSTD_isError(rc)) Fail("zstd", ZSTD_getErrorName(rc));
      in_frame_ = rc != 0;
      // Input gone, frame unfinished and nothing more to flush: cut short.
      if (!more && in_frame_ && out.pos == before) Fail("zstd", "data cut short");
    }
    return out.pos;
  }

 private:
  ZSTD_DStream* z_;
  bool in_frame_ = false;
};

}  // namespace

Compression DetectCompression(std::string_view head) {
  auto starts = [&](std::string_view magic) { return head.substr(0, magic.size()) == magic; };
  if (starts("\x1f\x8b")) return Compression::kGzip;
  if (starts(std::string_view("\xfd" "7zXZ\0", 6))) return Compression::kXz;
  if (starts("\x28\xb5\x2f\xfd")) return Compression::kZstd;
  return Compression::kNone;
}

std::string_view CompressionName(Compression c) {
  switch (c) {
    case Compression::kGzip: return "gzip";
    case Compression::kXz: return "xz";
    case Compression::kZstd: return "zstd";
    default: return "none";
  }
}

std::unique_ptr<Decompressor> MakeDecompressor(Compression c, std::string name, int threads) {
  switch (c) {
    case Compression::kGzip: return std::make_unique<GzipDecompressor>(std::move(name));
    case Compression::kXz: return std::make_unique<XzDecompressor>(std::move(name), threads);
    case Compression::kZstd: return std::make_unique<ZstdDecompressor>(std::move(name));
    default: return nullptr;
  }
}

}  // namespace recpipe
