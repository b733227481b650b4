#include "lib/block_codec.h"

#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "lib/error.h"

namespace recpipe {
namespace {

struct ZstdContexts {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_DCtx* d = ZSTD_createDCtx();
  ~ZstdContexts() {
    ZSTD_freeCCtx(c);
    ZSTD_freeDCtx(d);
  }
};
ZstdContexts& Zstd() {
  thread_local ZstdContexts contexts;
  return contexts;
}

void CompressZstd(int level, std::string_view src, Buffer* out) {
  size_t bound = ZSTD_compressBound(src.size());
  size_t at = out->size();
  char* dst = out->Extend(bound);
  size_t n = ZSTD_compressCCtx(Zstd().c, dst, bound, src.data(), src.size(), level);
  if (ZSTD_isError(n)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(n));
  out->Truncate(at + n);
}

void CompressXz(int level, std::string_view src, Buffer* out) {
  size_t bound = lzma_stream_buffer_bound(src.size());
  size_t at = out->size();
  out->Extend(bound);
  size_t pos = at;
  lzma_ret r = lzma_easy_buffer_encode(static_cast<uint32_t>(level), LZMA_CHECK_NONE, nullptr,
                                       reinterpret_cast<const uint8_t*>(src.data()), src.size(),
                                       reinterpret_cast<uint8_t*>(out->data()), &pos, at + bound);
  if (r != LZMA_OK) throw std::runtime_error("xz: compression failed (code " + std::to_string(r) + ")");
  out->Truncate(pos);
}

void CompressGzip(int level, std::string_view src, Buffer* out) {
  z_stream z{};
  // 15 + 16: a gzip member, so that a block's bytes are also a valid .gz file.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("gzip: cannot initialise zlib");
  }
  size_t bound = deflateBound(&z, src.size());
  size_t at = out->size();
  char* dst = out->Extend(bound);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(src.data()));
  z.avail_in = static_cast<uInt>(src.size());
  z.next_out = reinterpret_cast<Bytef*>(dst);
  z.avail_out = static_cast<uInt>(bound);
  int r = deflate(&z, Z_FINISH);
  size_t n = bound - z.avail_out;
  deflateEnd(&z);
  if (r != Z_STREAM_END) throw std::runtime_error("gzip: compression failed");
  out->Truncate(at + n);
}

bool DecompressZstd(std::string_view src, char* dst, size_t raw_size, std::string* why) {
  size_t n = ZSTD_decompressDCtx(Zstd().d, dst, raw_size, src.data(), src.size());
  if (ZSTD_isError(n)) {
    *why = std::string("zstd: ") + ZSTD_getErrorName(n);
    return false;
  }
  if (n != raw_size) {
    *why = "zstd: " + std::to_string(n) + " bytes where the block header says " + std::to_string(raw_size);
    return false;
  }
  return true;
}

// Streams, so that the output grows only as decoded bytes arrive (an xz block does not state its size up front).
bool DecompressXz(std::string_view src, size_t raw_size, Buffer* out, std::string* why) {
  lzma_stream z = LZMA_STREAM_INIT;
  if (lzma_stream_decoder(&z, UINT64_MAX, 0) != LZMA_OK) {
    *why = "xz: cannot initialise liblzma";
    return false;
  }
  const size_t base = out->size();
  z.next_in = reinterpret_cast<const uint8_t*>(src.data());
  z.avail_in = src.size();
  size_t produced = 0;
  lzma_ret r = LZMA_OK;
  while (r == LZMA_OK) {
    // Room for the next piece, never past raw_size plus one byte (which reveals an over-long stream).
    size_t step = std::min<size_t>(raw_size + 1 - produced, std::max<size_t>(produced, size_t{1} << 16));
    out->Truncate(base + produced);
    out->Extend(step);
    z.next_out = reinterpret_cast<uint8_t*>(out->data() + base + produced);
    z.avail_out = step;
    r = lzma_code(&z, LZMA_FINISH);
    produced += step - z.avail_out;
    if (produced > raw_size) break;
    if (r == LZMA_OK && z.avail_out != 0 && z.avail_in == 0) r = LZMA_BUF_ERROR;
  }
  lzma_end(&z);
  out->Truncate(base + std::min(produced, raw_size));
  if (r != LZMA_STREAM_END || produced != raw_size || z.avail_in != 0) {
    *why = r == LZMA_DATA_ERROR || r == LZMA_FORMAT_ERROR ? "xz: damaged data"
           : produced > raw_size ? "xz: the data expands past the " + std::to_string(raw_size) + " bytes the block header says"
                                 : "xz: the data is cut short or does not expand to the " + std::to_string(raw_size) + " bytes the block header says";
    return false;
  }
  return true;
}

bool DecompressGzip(std::string_view src, char* dst, size_t raw_size, std::string* why) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) {
    *why = "gzip: cannot initialise zlib";
    return false;
  }
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(src.data()));
  z.avail_in = static_cast<uInt>(src.size());
  z.next_out = reinterpret_cast<Bytef*>(dst);
  z.avail_out = static_cast<uInt>(raw_size);
  int r = inflate(&z, Z_FINISH);
  size_t n = raw_size - z.avail_out;
  bool whole = z.avail_in == 0;
  inflateEnd(&z);
  if (r != Z_STREAM_END || n != raw_size || !whole) {
    *why = r == Z_DATA_ERROR ? "gzip: damaged data"
                             : "gzip: the data does not expand to the " + std::to_string(raw_size) +
                                   " bytes the block header says";
    return false;
  }
  return true;
}

}  // namespace

bool PlausibleRawSize(Codec codec, std::string_view src, size_t raw_size, std::string* why) {
  auto fail = [&](const std::string& what) {
    *why = what;
    return false;
  };
  switch (codec) {
    case Codec::kNone:
      if (src.size() != raw_size) return fail("stored block of " + std::to_string(src.size()) + " bytes where the header says " + std::to_string(raw_size));
      return true;
    case Codec::kZstd: {
      unsigned long long n = ZSTD_getFrameContentSize(src.data(), src.size());
      if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN) return fail("zstd: no frame header with a content size");
      if (n != raw_size) return fail("zstd: the frame holds " + std::to_string(n) + " bytes where the block header says " + std::to_string(raw_size));
      return true;
    }
    case Codec::kGzip: {
      // A gzip member ends with ISIZE, its uncompressed size modulo 2^32; blocks are below 4 GiB.
      if (src.size() < 18) return fail("gzip: too short for a gzip member");
      uint32_t isize;
      std::memcpy(&isize, src.data() + src.size() - 4, 4);
      if (isize != raw_size) return fail("gzip: the member holds " + std::to_string(isize) + " bytes where the block header says " + std::to_string(raw_size));
      return true;
    }
    case Codec::kXz:
      // The worst-case expansion of LZMA2 is far above any real block, so the size is checked by DecompressXz as
      // it goes: the output buffer grows only as decoded bytes arrive.
      return true;
  }
  return fail("unknown codec");
}

Codec ParseCodecOption(const std::string& value, const char* option) {
  std::optional<Codec> c = ParseCodecName(value);
  if (!c) throw UsageError(std::string(option) + " takes zstd, xz, gzip or none, not '" + value + "'");
  return *c;
}

CodecLevels LevelsOf(Codec codec) {
  switch (codec) {
    case Codec::kZstd: return {1, 19, 3};
    case Codec::kXz: return {0, 9, 6};
    case Codec::kGzip: return {1, 9, 6};
    case Codec::kNone: break;
  }
  return {0, 0, 0};
}

void CompressBlock(Codec codec, int level, std::string_view src, Buffer* out) {
  switch (codec) {
    case Codec::kZstd: return CompressZstd(level, src, out);
    case Codec::kXz: return CompressXz(level, src, out);
    case Codec::kGzip: return CompressGzip(level, src, out);
    case Codec::kNone: return out->Append(src);
  }
}

bool DecompressBlock(Codec codec, std::string_view src, size_t raw_size, Buffer* out, std::string* why) {
  if (codec == Codec::kXz) return DecompressXz(src, raw_size, out, why);
  if (!PlausibleRawSize(codec, src, raw_size, why)) return false;
  const size_t base = out->size();
  char* dst = out->Extend(raw_size);
  bool ok = false;
  switch (codec) {
    case Codec::kZstd: ok = DecompressZstd(src, dst, raw_size, why); break;
    case Codec::kGzip: ok = DecompressGzip(src, dst, raw_size, why); break;
    case Codec::kNone:
      if (raw_size != 0) std::memcpy(dst, src.data(), raw_size);
      ok = true;
      break;
    case Codec::kXz: break;
  }
  if (!ok) out->Truncate(base);
  return ok;
}

}  // namespace recpipe
