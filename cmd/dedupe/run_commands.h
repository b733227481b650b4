// dedupe's modes that read no input but act on the pending runs of an --index (dedupe(1), "PIPES AND RUNS"):
// --commit RUN, --abort RUN and --list-runs. Each holds the index's lock (IndexLock) while it works.
#pragma once

#include <iosfwd>
#include <string>

namespace recpipe::dedupe {

struct RunCommandOptions {
  std::string index;
  bool wait = true;    // not --no-wait
  bool quiet = false;  // -q: no note on standard error
};

// Makes the keys of finished run `run` seen. A run that is not pending, or did not finish, is a DataError.
void CommitPendingRun(const RunCommandOptions& options, const std::string& run);
// Drops the pending keys of run `run`; a run that is not pending is only noted.
void AbortPendingRun(const RunCommandOptions& options, const std::string& run);
// One line per pending run on out: NAME, finished|unfinished, KEYS, STARTED (UTC), tab-separated.
void ListPendingRuns(const RunCommandOptions& options, std::ostream& out);

// The refusal of a run while other finished runs' keys are pending (they may be committed yet): empty when there
// are none but `own`'s. Call with the lock held.
std::string OtherPendingRunsMessage(class KeyIndex& index, const std::string& index_path, const std::string& own);

}  // namespace recpipe::dedupe
