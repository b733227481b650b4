// The end of a successful run of a command with one output: the sink's end marker, the output figures of the
// statistics, the statistics file, and only then the rename of the output into place, so that a failure to write
// the statistics leaves no output that looks finished (StatsFile).
#pragma once

#include "lib/output_file.h"
#include "lib/record_sink.h"
#include "lib/run_stats.h"

namespace recpipe {

void FinishRun(RecordSink& sink, OutputFile& out, RunStats& stats, StatsFile& stats_file);

}  // namespace recpipe
