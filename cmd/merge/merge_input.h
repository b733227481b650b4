// One input of merge: the file and the checked frames read from it. The one place inputs are opened, so that
// whatever OpenFrameSource learns to read (record streams, pack containers) merge reads too. Owned by the reading
// stage.
#pragma once

#include <memory>
#include <string>

#include "cmd/merge/read_ahead.h"
#include "lib/frame_source.h"
#include "lib/input_file.h"

namespace recpipe::merge {

struct MergeInput {
  std::unique_ptr<InputFile> file;
  std::unique_ptr<FrameSource> frames;    // reads from *file
  ReadAheadSource* read_ahead = nullptr;  // frames, when it reads on a thread of its own
  const std::string& name() const { return file->name(); }
  // Bytes of the file consumed up to the frame last handed out (the file itself may be further on).
  uint64_t raw_bytes_read() const { return read_ahead ? read_ahead->raw_bytes_read() : file->raw_bytes_read(); }
};

// Throws DataError naming the path when it cannot be opened or is not a record stream (or container). With
// read_ahead, the frames are read on a thread of the input's own (read_ahead.h).
MergeInput OpenMergeInput(const std::string& path, int threads, bool read_ahead = false);

}  // namespace recpipe::merge
