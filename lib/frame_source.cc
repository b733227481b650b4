#include "lib/frame_source.h"

#include "lib/error.h"
#include "lib/input_file.h"
#include "lib/stream_reader.h"

namespace recpipe {

std::unique_ptr<FrameSource> OpenFrameSource(InputFile& in, int /*threads*/) {
  return std::make_unique<StreamReader>(in, in.name());
}

}  // namespace recpipe
