// The reading stage of commands that take record streams: hands out the stream's batch frames in order, in groups
// of one table of about `target` bytes, as the ordered pipeline's work items. Schema frames go to on_schema as they
// come, before any batch of theirs; each batch may first be trimmed or dropped by `keep`. Owned by the reading
// stage.
#pragma once

#include <cstdint>

#include "lib/buffer.h"
#include "lib/frame_source.h"

namespace recpipe {

class BatchGrouper {
 public:
  BatchGrouper(FrameSource& reader, size_t target) : reader_(reader), target_(target) {}

  // Replaces frames with the next group, of table *table_id, holding *records records. False at the end of the
  // stream. on_schema(uint32_t table_id); keep(Frame&) -> bool, which may rewrite the frame.
  template <typename OnSchema, typename Keep>
  bool Next(Buffer* frames, uint32_t* table_id, uint64_t* records, OnSchema&& on_schema, Keep&& keep) {
    frames->clear();
    *records = 0;
    bool have = false;
    for (;;) {
      if (!pending_) {
        if (!reader_.Next(&frame_)) break;
        if (frame_.type == FrameType::kSchema) {
          on_schema(frame_.table_id);
          continue;
        }
        if (!keep(frame_)) continue;
      }
      if (have && (frame_.table_id != *table_id || frames->size() >= target_)) {
        pending_ = true;  // this batch starts the next group
        break;
      }
      pending_ = false;
      have = true;
      *table_id = frame_.table_id;
      frames->Append(frame_.bytes.view());
      *records += frame_.count;
    }
    return have;
  }

 private:
  FrameSource& reader_;
  size_t target_;
  Frame frame_;
  bool pending_ = false;
};

}  // namespace recpipe
