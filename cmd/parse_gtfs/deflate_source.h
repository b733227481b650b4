// Inflates a raw deflate stream (a zip entry's compressed bytes) with ISA-L's igzip, which inflates two to three
// times faster than zlib on x86-64: the reading thread inflates the feed's largest file while the others parse it,
// so its speed is the floor of the run. Checks the entry's CRC-32 and size at the end. One thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "lib/decompress.h"

namespace recpipe::parse_gtfs {

// compressed: the raw deflate bytes; crc32 and size: what the zip's directory says the content is; name: for
// messages. Read throws DataError naming the entry when the data is damaged or does not match.
std::unique_ptr<ByteSource> MakeDeflateSource(std::unique_ptr<ByteSource> compressed, uint32_t crc32, uint64_t size,
                                              std::string name);

}  // namespace recpipe::parse_gtfs
