#include "cmd/dedupe/run_commands.h"

#include <cerrno>
#include <iostream>

#include "cmd/dedupe/index_lock.h"
#include "cmd/dedupe/key_index.h"
#include "lib/error.h"

namespace recpipe::dedupe {

void CommitPendingRun(const RunCommandOptions& options, const std::string& run) {
  IndexLock lock(options.index, options.wait, options.quiet);
  KeyIndex index(options.index);
  std::optional<PendingRun> found = index.runs().Find(run);
  if (!found) {
    throw DataError(options.index + ": no run '" + run +
                    "' is pending (never run into a pipe, or committed or aborted already)");
  }
  if (!found->finished) {
    throw DataError(options.index + ": run '" + run +
                    "' did not finish (dedupe failed or was stopped, so its records did not all go out): run it "
                    "again, or --abort " +
                    run);
  }
  index.runs().Commit(*found);
  if (!options.quiet) {
    std::cerr << "dedupe: " << options.index << ": run '" << run << "' committed: " << found->keys
              << " new keys are seen\n";
  }
}

void AbortPendingRun(const RunCommandOptions& options, const std::string& run) {
  IndexLock lock(options.index, options.wait, options.quiet);
  KeyIndex index(options.index);
  std::optional<PendingRun> found = index.runs().Find(run);
  if (!found) {
    if (!options.quiet) std::cerr << "dedupe: " << options.index << ": no run '" << run << "' is pending\n";
    return;
  }
  index.runs().Drop(*found);
  if (!options.quiet) {
    std::cerr << "dedupe: " << options.index << ": run '" << run << "' aborted: its pending keys are dropped\n";
  }
}

void ListPendingRuns(const RunCommandOptions& options, std::ostream& out) {
  // No lock: a reader of the WAL database sees the last committed state, also while a run goes on.
  KeyIndex index(options.index);
  for (const PendingRun& r : index.runs().List()) {
    out << r.name << '\t' << (r.finished ? "finished" : "unfinished") << '\t' << r.keys << '\t' << r.started << '\n';
  }
  out.flush();
  if (!out) ThrowSystemError("standard output", errno);
}

std::string OtherPendingRunsMessage(KeyIndex& index, const std::string& index_path, const std::string& own) {
  std::string names;
  int n = 0;
  for (const PendingRun& r : index.runs().List()) {
    // An unfinished run died (we hold the lock): its keys can never be committed, only replaced or dropped.
    if (r.name == own || !r.finished) continue;
    names += names.empty() ? "'" : ", '";
    names += r.name + "'";
    ++n;
  }
  if (n == 0) return "";
  return index_path + ": keys of " + (n == 1 ? "run " : "runs ") + names +
         " wait for --commit or --abort (their records went into a pipe): settle them first, since a run now "
         "could emit those keys again or, if they are then aborted, lose their records";
}

}  // namespace recpipe::dedupe
