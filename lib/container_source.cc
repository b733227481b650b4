#include "lib/container_source.h"

namespace recpipe {

bool ContainerSource::Next(Frame* frame) {
  uint64_t block_number = 0;
  if (!reader_.Next(&block_, &block_number)) return false;
  frame->type = block_.type;
  frame->table_id = block_.table_id;
  frame->count = block_.count;
  frame->offset = block_.offset;
  frame->bytes.clear();
  if (block_.type == FrameType::kSchema) {
    frame->bytes.Append(block_.bytes.view());
  } else {
    frame->type = FrameType::kBatch;
    reader_.DecodeBlock(block_, block_number, &frame->bytes);
  }
  return true;
}

}  // namespace recpipe
