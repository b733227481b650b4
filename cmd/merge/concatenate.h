// merge without -k: the inputs one after another. Tables of the same name are joined (table_registry.h); batch
// frames are copied as they are, only retagged with the output's table id, so records are never re-encoded.
#pragma once

#include <vector>

#include "cmd/merge/merge_options.h"
#include "cmd/merge/merge_output.h"
#include "lib/run_stats.h"

namespace recpipe::merge {

// Reads every input to its end marker into out (not finished: the caller does that).
void Concatenate(const MergeOptions& options, MergeOutput& out, RunStats& stats);

}  // namespace recpipe::merge
