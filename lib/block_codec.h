// Whole-buffer compression of container blocks: zstd, xz, gzip, or none. Each block is compressed on its own, so
// any block can be read without the others. Thread-safe: every thread keeps its own compression contexts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "lib/buffer.h"
#include "lib/container_format.h"

namespace recpipe {

// The codec named by an option's value; throws UsageError naming the option otherwise.
Codec ParseCodecOption(const std::string& value, const char* option);

// The level range and default of a codec (none: 0..0).
struct CodecLevels {
  int min, max, fallback;
};
CodecLevels LevelsOf(Codec codec);

// Appends the compressed form of src to out.
void CompressBlock(Codec codec, int level, std::string_view src, Buffer* out);

// Checks, before any memory is set aside for it, that src can expand to raw_size bytes: zstd frames and gzip
// members state their size, stored blocks are their size; xz is checked while it decodes. A damaged size field
// therefore cannot make a reader allocate gigabytes. Returns false, with *why set, when it cannot.
bool PlausibleRawSize(Codec codec, std::string_view src, size_t raw_size, std::string* why);

// Appends the decompressed src, which must expand to exactly raw_size bytes, to out. Returns false, with *why set,
// when the data is damaged or has another size; memory is set aside only as far as the data bears it out.
bool DecompressBlock(Codec codec, std::string_view src, size_t raw_size, Buffer* out, std::string* why);

}  // namespace recpipe
