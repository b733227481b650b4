// One input of merge: the file and the checked frames read from it. The one place inputs are opened, so that
// whatever OpenFrameSource learns to read (record streams, pack containers) merge reads too. Owned by the reading
// stage.
#pragma once

#include <memory>
#include <string>

#include "lib/frame_source.h"
#include "lib/input_file.h"

namespace recpipe::merge {

struct MergeInput {
  std::unique_ptr<InputFile> file;
  std::unique_ptr<FrameSource> frames;  // reads from *file
  const std::string& name() const { return file->name(); }
};

// Throws DataError naming the path when it cannot be opened or is not a record stream (or container).
MergeInput OpenMergeInput(const std::string& path, int threads);

}  // namespace recpipe::merge
