#include "cmd/merge/merge_input.h"

namespace recpipe::merge {

MergeInput OpenMergeInput(const std::string& path, int threads) {
  MergeInput in;
  in.file = InputFile::Open(path, threads);
  in.frames = OpenFrameSource(*in.file, threads);
  return in;
}

}  // namespace recpipe::merge
