// Transparent decompression of inputs: gzip (any number of members), xz (multithreaded where the file has several
// blocks, concatenated streams), zstd (concatenated frames). The libraries are used directly rather than through
// Boost.Iostreams so that damage is reported with the compressed byte offset and xz can decode on several threads.
// A Decompressor belongs to one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace recpipe {

enum class Compression { kNone, kGzip, kXz, kZstd };

// Recognises a compressed format from the first bytes of a file (at least 6 are needed for xz).
Compression DetectCompression(std::string_view head);
std::string_view CompressionName(Compression c);

// Where decompressed bytes come from: the raw (compressed) input.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes; returns 0 only at end of input. Throws DataError on failure.
  virtual size_t Read(char* buf, size_t n) = 0;
};

class Decompressor {
 public:
  virtual ~Decompressor() = default;
  // Fills buf with up to n decompressed bytes from src; returns 0 at the end of the data. Throws DataError naming
  // `name` and the compressed byte offset when the data is damaged or cut short.
  virtual size_t Read(ByteSource& src, char* buf, size_t n) = 0;
};

std::unique_ptr<Decompressor> MakeDecompressor(Compression c, std::string name, int threads);

}  // namespace recpipe
