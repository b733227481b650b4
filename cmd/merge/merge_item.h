// The unit of work merge passes down its ordered pipeline: batch frames of one output table, in output order.
// The reading stage fills it (concatenation: input frames as they are; ordered merge: merged records, or another
// table's frames met on the way), a worker retags and renders it, the writing stage writes it.
#pragma once

#include <cstdint>

#include "cmd/merge/table_registry.h"
#include "lib/buffer.h"

namespace recpipe::merge {

struct MergeItem {
  const MergedTable* table = nullptr;
  Buffer frames;         // whole batch frames of `table`
  bool retag = false;    // some frames still carry their input's table id: RetagFrames before writing
  uint64_t records = 0;  // in frames
  Buffer rendered;       // the output's bytes, when it renders on the workers (text output)
  bool rendered_ready = false;
  uint64_t raw_read = 0;  // input bytes read when the item was filled, for progress
};

// Sets the table id of each batch frame in frames to table_id and reseals the frames whose id changes (their
// checksum covers the id). The payloads are not touched: records are copied, never re-encoded.
void RetagFrames(Buffer* frames, uint32_t table_id);

}  // namespace recpipe::merge
