#include "lib/batch_builder.h"

#include "lib/frame.h"

namespace recpipe {

void BatchBuilder::Seal() {
  if (count_ == 0) {
    out_->Truncate(frame_start_);  // an empty batch is not worth a frame
  } else {
    size_t length = out_->size() - frame_start_ - kFrameHeaderSize;
    SealFrame(out_->data() + frame_start_, FrameType::kBatch, 0, table_id_, count_, length);
  }
  total_ += count_;
  count_ = 0;
  frame_start_ = kNoFrame;
}

}  // namespace recpipe
