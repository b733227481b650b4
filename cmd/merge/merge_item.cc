#include "cmd/merge/merge_item.h"

#include "lib/endian.h"
#include "lib/frame.h"
#include "lib/stream_format.h"

namespace recpipe::merge {

void RetagFrames(Buffer* frames, uint32_t table_id) {
  char* p = frames->data();
  char* end = p + frames->size();
  while (p < end) {
    FrameHeader h = DecodeFrameHeader(p);
    if (h.table_id != table_id) {
      SealFrame(p, static_cast<FrameType>(h.type), h.flags, table_id, h.count, h.length);
    }
    p += kFrameHeaderSize + h.length;
  }
}

}  // namespace recpipe::merge
