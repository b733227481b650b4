#include "lib/frame_source.h"

#include "lib/container_format.h"
#include "lib/container_source.h"
#include "lib/error.h"
#include "lib/input_file.h"
#include "lib/stream_reader.h"

namespace recpipe {

std::unique_ptr<FrameSource> OpenFrameSource(InputFile& in, int /*threads*/) {
  if (LooksLikeContainer(in.Peek(sizeof kContainerMagic))) return std::make_unique<ContainerSource>(in);
  return std::make_unique<StreamReader>(in, in.name());
}

}  // namespace recpipe
