// dedupe's entry point: options, inputs in order, the output and the --dups stream.
#include <sys/stat.h>

#include <iostream>

#include "cmd/dedupe/dedupe.h"
#include "cmd/dedupe/dups_check.h"
#include "cmd/dedupe/index_lock.h"
#include "cmd/dedupe/run_commands.h"
#include "lib/error.h"
#include "lib/output_file.h"
#include "lib/run_command.h"

namespace po = boost::program_options;

namespace recpipe::dedupe {
namespace {

// Whether every record written has reached its reader once the run ends well: true for a file (-o, or standard
// output redirected to a regular file), false for a pipe, a terminal or a device.
bool OutputArrivesWithRun(const OutputFile& out, const std::string& output) {
  if (out.atomic()) return true;
  struct stat st;
  return output == "-" && ::fstat(1, &st) == 0 && S_ISREG(st.st_mode);
}

int Main(int argc, char** argv) {
  CommandLine cl("dedupe", "[OPTIONS] [INPUT...]",
                 "Keep the first record of each key of one table, in input order; other tables pass through.\n"
                 "INPUTs are record streams, read one after another [-: standard input].",
                 BadRows::kNone);
  // clang-format off
  cl.own().add_options()
    ("key,k", po::value<std::string>()->value_name("FIELD[,FIELD...]"), "the key [the whole record]")
    ("table", po::value<std::string>()->value_name("NAME"), "the table to deduplicate [the first table]")
    ("dups", po::value<std::string>()->value_name("FILE"), "also write the dropped records to FILE")
    ("index", po::value<std::string>()->value_name("FILE.sqlite"),
     "remember keys across runs in this SQLite database: keys of earlier runs are dropped, new ones added once "
     "their records are written (into a pipe: once --commit says they arrived)")
    ("run", po::value<std::string>()->value_name("NAME"),
     "with --index into a pipe (needed there): store the new keys as pending under NAME, replacing NAME's "
     "earlier pending keys; they become seen with --commit NAME")
    ("commit", po::value<std::string>()->value_name("NAME"),
     "with --index, read no input: the pending keys of run NAME become seen (after the pipeline succeeded)")
    ("abort", po::value<std::string>()->value_name("NAME"),
     "with --index, read no input: drop the pending keys of run NAME")
    ("list-runs", "with --index, read no input: list the pending runs (name, finished|unfinished, keys, start)")
    ("no-wait", "fail at once when another dedupe holds the --index [wait for it]")
    ("exact", "compare whole keys rather than their 128-bit fingerprints (more memory)")
    ("count", "add a field 'count': how many records each key had (the table comes out at the end)")
    ("memory", po::value<std::string>()->value_name("SIZE"),
     "keep memory under SIZE (at least 48M): near it, fingerprints move to a temporary database on disk, and "
     "--index stays on disk; still exact, slower [no limit]")
    ("batch-size", po::value<std::string>()->value_name("SIZE"), "target bytes per output batch [1M]");
  // clang-format on
  if (!cl.Parse(argc, argv)) return kExitOk;
  const auto& vm = cl.vm();
  DedupeOptions options;
  options.common = cl.common();
  options.inputs = options.common.inputs.empty() ? std::vector<std::string>{"-"} : options.common.inputs;
  if (vm.count("key")) options.key = ParseFieldList(vm["key"].as<std::string>(), "-k");
  if (vm.count("table")) options.table = vm["table"].as<std::string>();
  if (vm.count("index")) options.index = vm["index"].as<std::string>();
  std::string run = vm.count("run") ? vm["run"].as<std::string>() : "";
  const bool wait = vm.count("no-wait") == 0;
  const int modes = static_cast<int>(vm.count("commit") + vm.count("abort") + vm.count("list-runs"));
  if (modes > 1) throw UsageError("--commit, --abort and --list-runs are modes of their own: give one");
  if ((modes || !run.empty() || !wait) && options.index.empty()) {
    throw UsageError("--run, --commit, --abort, --list-runs and --no-wait go with --index");
  }
  if (vm.count("run") && run.empty()) throw UsageError("--run takes a name");
  if (modes) {
    if (!options.common.inputs.empty() || !run.empty()) {
      throw UsageError("--commit, --abort and --list-runs read no input and take no --run");
    }
    RunCommandOptions run_options{options.index, wait, options.common.quiet};
    if (vm.count("commit")) CommitPendingRun(run_options, vm["commit"].as<std::string>());
    if (vm.count("abort")) AbortPendingRun(run_options, vm["abort"].as<std::string>());
    if (vm.count("list-runs")) ListPendingRuns(run_options, std::cout);
    return kExitOk;
  }
  options.exact = vm.count("exact") != 0;
  options.count = vm.count("count") != 0;
  if (options.count && options.exact) throw UsageError("--count and --exact do not go together yet");
  if (vm.count("memory")) {
    options.memory = ParseSize(vm["memory"].as<std::string>(), "--memory");
    if (options.memory < kMinMemory) {
      throw UsageError("--memory takes at least " + std::to_string(kMinMemory >> 20) + "M");
    }
  }
  if (options.exact && !options.index.empty()) {
    throw UsageError("--exact and --index do not go together yet: the index holds fingerprints");
  }
  if (vm.count("batch-size")) options.batch_bytes = ParseSize(vm["batch-size"].as<std::string>(), "--batch-size");
  if (options.batch_bytes < 1 || options.batch_bytes > (256u << 20)) throw UsageError("--batch-size takes 1 to 256M");

  StatsFile stats_file(options.common.stats_file);
  if (vm.count("dups")) RefuseSameDupsAndOutput(vm["dups"].as<std::string>(), options.common.output);

  OutputFile out(options.common.output);
  // Into a pipe, dedupe cannot see its records arrive: their keys may only become seen when the user says so.
  const bool pending_run = !options.index.empty() && !OutputArrivesWithRun(out, options.common.output);
  if (pending_run && run.empty()) {
    throw UsageError(
        "--index into standard output or a pipe needs --run NAME: dedupe cannot see whether the records arrive "
        "downstream, so their keys wait under NAME until 'dedupe --index " + options.index + " --commit NAME' "
        "after the pipeline succeeded (or write with -o FILE, and dedupe commits itself; see dedupe(1))");
  }
  RecordSink sink(out, ResolveOutputForm(options.common, out.is_terminal()));
  std::unique_ptr<OutputFile> dups_file;
  std::unique_ptr<RecordSink> dups;
  if (vm.count("dups")) {
    dups_file = std::make_unique<OutputFile>(vm["dups"].as<std::string>());
    dups = std::make_unique<RecordSink>(
        *dups_file, ResolveOutputForm(options.common.to, dups_file->name(), dups_file->is_terminal()));
  }
  RunStats stats;
  std::unique_ptr<IndexLock> lock;
  std::unique_ptr<KeyIndex> index;
  if (!options.index.empty()) {
    try {
      // Held to the end, so that of two runs on one index the first wins: the second reads its keys.
      lock = std::make_unique<IndexLock>(options.index, wait, options.common.quiet);
      index = std::make_unique<KeyIndex>(options.index);
      std::string others = OtherPendingRunsMessage(*index, options.index, run);
      if (!others.empty()) throw DataError(others);
      if (pending_run) {
        index->BeginRun(run);
      } else if (std::optional<PendingRun> old = run.empty() ? std::nullopt : index->runs().Find(run)) {
        index->runs().Drop(*old);  // rerun into a file: this run replaces the earlier one and commits itself
      }
    } catch (...) {
      ReportFailure("dedupe", {&sink, dups.get()});  // downstream learns why, from an ERROR frame
      throw;
    }
  }
  Deduplicator dedupe(options, sink, dups.get(), index.get(), pending_run, stats);
  try {
    for (const std::string& path : options.inputs) {
      std::unique_ptr<InputFile> in = InputFile::Open(path, options.common.threads);
      dedupe.Run(*in);
    }
    dedupe.Finish();
    sink.Finish();
    if (dups) dups->Finish();
    stats.records_out = sink.records_out();
    stats.bytes_out = out.bytes_written();
    stats_file.Commit(stats);
    // The dropped records first: the main output is the one whose presence says the run succeeded.
    if (dups_file) dups_file->Commit();
    out.Commit();
    // Only now have the records reached their output: their keys may enter the index. Into a pipe, they have
    // reached the pipe only: the run is complete, and waits for --commit.
    if (index && pending_run) index->FinishRun();
    if (index && !pending_run) index->Commit();
  } catch (const BrokenPipe&) {
    if (!pending_run) throw;
    // Quiet success elsewhere, but here the reader has not taken every record: the run must not look complete.
    throw DataError("standard output: the reader went away before the end: run '" + run +
                    "' is left unfinished, and its keys cannot be committed");
  } catch (...) {
    ReportFailure("dedupe", {&sink, dups.get()});
    throw;
  }
  return kExitOk;
}

}  // namespace
}  // namespace recpipe::dedupe

int main(int argc, char** argv) { return recpipe::RunCommand("dedupe", argc, argv, recpipe::dedupe::Main); }
