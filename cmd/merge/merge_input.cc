#include "cmd/merge/merge_input.h"

namespace recpipe::merge {

// Frames a reading thread may hold ahead of the merge, per input.
constexpr size_t kReadAheadFrames = 2;

MergeInput OpenMergeInput(const std::string& path, int threads, bool read_ahead) {
  MergeInput in;
  in.file = InputFile::Open(path, threads);
  in.frames = OpenFrameSource(*in.file, threads);
  if (read_ahead) {
    auto ahead = std::make_unique<ReadAheadSource>(std::move(in.frames), *in.file, kReadAheadFrames);
    in.read_ahead = ahead.get();
    in.frames = std::move(ahead);
  }
  return in;
}

}  // namespace recpipe::merge
