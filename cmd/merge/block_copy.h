// Concatenation of pack containers into a container of the same codec without decompressing: each block frame is
// read through the inputs' indexes (its checksum checked), given its table id and first record number in the
// output (and resealed), and appended; a new index is written at the end. Schemas are joined by table name as in
// any concatenation. Runs on the main thread: it moves compressed bytes, so the disk is the limit.
#pragma once

#include "cmd/merge/merge_options.h"
#include "lib/run_stats.h"

namespace recpipe::merge {

// True when this run can copy blocks: concatenation (no -k, no --partition-by) into a container, of inputs that are
// all regular files holding containers whose every block has the output's codec.
bool CanCopyBlocks(const MergeOptions& options);

// Writes the concatenation. Throws DataError on damage or a schema conflict (naming both inputs); the output is
// then left out.
void CopyBlocks(const MergeOptions& options, RunStats& stats, StatsFile& stats_file);

}  // namespace recpipe::merge
