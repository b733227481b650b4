#include "lib/block_codec.h"

#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

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

bool DecompressXz(std::string_view src, char* dst, size_t raw_size, std::string* why) {
  uint64_t memlimit = UINT64_MAX;
  size_t in_pos = 0, out_pos = 0;
  lzma_ret r = lzma_stream_buffer_decode(&memlimit, 0, nullptr, reinterpret_cast<const uint8_t*>(src.data()),
                                         &in_pos, src.size(), reinterpret_cast<uint8_t*>(dst), &out_pos, raw_size);
  if (r != LZMA_OK) {
    *why = r == LZMA_BUF_ERROR ? "xz: the data is cut short or larger than the block header says"
                               : "xz: damaged data (code " + std::to_string(r) + ")";
    return false;
  }
  if (out_pos != raw_size || in_pos != src.size()) {
    *why = "xz: " + std::to_string(out_pos) + " bytes where the block header says " + std::to_string(raw_size);
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

bool DecompressBlock(Codec codec, std::string_view src, char* dst, size_t raw_size, std::string* why) {
  switch (codec) {
    case Codec::kZstd: return DecompressZstd(src, dst, raw_size, why);
    case Codec::kXz: return DecompressXz(src, dst, raw_size, why);
    case Codec::kGzip: return DecompressGzip(src, dst, raw_size, why);
    case Codec::kNone:
      if (src.size() != raw_size) {
        *why = "stored block of " + std::to_string(src.size()) + " bytes where the header says " +
               std::to_string(raw_size);
        return false;
      }
      std::memcpy(dst, src.data(), raw_size);
      return true;
  }
  *why = "unknown codec " + std::to_string(static_cast<int>(codec));
  return false;
}

}  // namespace recpipe
