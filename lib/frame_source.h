// Where the commands' record input comes from: a sequence of schema and batch frames, checked, in stream order.
// A record stream (StreamReader) is one; a pack container decoded in order (ContainerReader) is another, so every
// command that reads streams reads containers too. Owned by one thread (the reading stage of a pipeline).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lib/buffer.h"
#include "lib/schema.h"
#include "lib/stream_format.h"

namespace recpipe {

class InputFile;

struct Frame {
  FrameType type = FrameType::kBatch;
  uint32_t table_id = 0;
  uint32_t count = 0;
  uint64_t offset = 0;  // of the frame header in the input (for containers: of the block that held it)
  Buffer bytes;         // the whole frame: header then payload
  std::string_view payload() const { return bytes.view().substr(kFrameHeaderSize); }
};

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  // Fills frame with the next schema or batch frame. Returns false once the input has ended properly (its end
  // marker read and checked). Throws DataError naming the input and byte offset on damage, UpstreamError when the
  // producer reported a failure.
  virtual bool Next(Frame* frame) = 0;

  virtual const Schema& schema(uint32_t table_id) const = 0;
  virtual const TableLayout& layout(uint32_t table_id) const = 0;
  // Table ids in the order their schemas appeared.
  virtual const std::vector<uint32_t>& table_order() const = 0;
  // Records of the table delivered so far.
  virtual uint64_t records(uint32_t table_id) const = 0;
  virtual const std::string& name() const = 0;
};

// A record stream or a pack container, told apart by the input's first bytes. Throws DataError when the input is
// neither.
std::unique_ptr<FrameSource> OpenFrameSource(InputFile& in, int threads);

// For an input that is about to be read as text because it does not start with either magic number: throws
// DataError ("NAME: byte N: ...") when it is rather a record stream or pack container that was cut or damaged.
// That is when
//  - the whole input is 1 to 7 bytes that begin a magic number (a stream cut inside its header);
//  - it starts with 0x89 and the "RPS" or "RPK" of a magic number (0x89 cannot start UTF-8 text; the damage is
//    after it, e.g. a CR LF turned into LF by a text-mode transfer);
//  - its first 8 bytes differ from a magic number in one byte only (one of 0x89 and 0x1a, neither of which is
//    text, is then left);
//  - its name ends in .rec, .rps or .rpk (before any .gz, .xz or .zst), which promises the magic number.
// Text that merely starts with 0x89, or with a few bytes of a magic number, is still text.
void RefuseBrokenRecordInput(InputFile& in);

}  // namespace recpipe
