// dedupe's entry point: options, inputs in order, the output and the --dups stream.
#include "cmd/dedupe/dedupe.h"
#include "lib/error.h"
#include "lib/output_file.h"
#include "lib/run_command.h"

namespace po = boost::program_options;

namespace recpipe::dedupe {
namespace {

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
     "their records are written")
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
  OutputFile out(options.common.output);
  RecordSink sink(out, ResolveOutputForm(options.common, out.is_terminal()));
  std::unique_ptr<OutputFile> dups_file;
  std::unique_ptr<RecordSink> dups;
  if (vm.count("dups")) {
    dups_file = std::make_unique<OutputFile>(vm["dups"].as<std::string>());
    dups = std::make_unique<RecordSink>(
        *dups_file, ResolveOutputForm(options.common.to, dups_file->name(), dups_file->is_terminal()));
  }
  RunStats stats;
  std::unique_ptr<KeyIndex> index;
  if (!options.index.empty()) index = std::make_unique<KeyIndex>(options.index);
  Deduplicator dedupe(options, sink, dups.get(), index.get(), !out.atomic(), stats);
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
    // Only now have the records reached their output: their keys may enter the index.
    if (index) index->Commit();
  } catch (...) {
    ReportFailure("dedupe", {&sink, dups.get()});
    throw;
  }
  return kExitOk;
}

}  // namespace
}  // namespace recpipe::dedupe

int main(int argc, char** argv) { return recpipe::RunCommand("dedupe", argc, argv, recpipe::dedupe::Main); }
