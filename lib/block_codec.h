// Whole-buffer compression of container blocks: zstd, xz, gzip, or none. Each block is compressed on its own, so
// any block can be read without the others. Thread-safe: every thread keeps its own compression contexts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "lib/buffer.h"
#include "lib/container_format.h"

namespace recpipe {

// The level range and default of a codec (none: 0..0).
struct CodecLevels {
  int min, max, fallback;
};
CodecLevels LevelsOf(Codec codec);

// Appends the compressed form of src to out.
void CompressBlock(Codec codec, int level, std::string_view src, Buffer* out);

// Decompresses src, which must expand to exactly raw_size bytes, into dst. Returns false, with *why set, when the
// data is damaged or has another size.
bool DecompressBlock(Codec codec, std::string_view src, char* dst, size_t raw_size, std::string* why);

}  // namespace recpipe
