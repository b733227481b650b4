#include "lib/finish_run.h"

namespace recpipe {

void FinishRun(RecordSink& sink, OutputFile& out, RunStats& stats, StatsFile& stats_file) {
  sink.Finish();
  stats.records_out = sink.records_out();
  stats.bytes_out = out.bytes_written();
  stats_file.Commit(stats);
  out.Commit();
}

}  // namespace recpipe
