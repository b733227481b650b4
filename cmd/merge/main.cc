// merge's entry point: options, then concatenation or an ordered merge into one output or one per partition.
#include <memory>

#include "cmd/merge/block_copy.h"
#include "lib/block_codec.h"
#include "cmd/merge/concatenate.h"
#include "cmd/merge/merge_options.h"
#include "cmd/merge/merge_output.h"
#include "cmd/merge/ordered_merge.h"
#include "cmd/merge/partition.h"
#include "lib/error.h"
#include "lib/output_file.h"
#include "lib/run_command.h"

namespace po = boost::program_options;

namespace recpipe::merge {
namespace {

MergeOptions ParseOptions(const CommandLine& cl) {
  const auto& vm = cl.vm();
  MergeOptions options;
  options.common = cl.common();
  options.inputs = options.common.inputs.empty() ? std::vector<std::string>{"-"} : options.common.inputs;
  if (vm.count("key")) options.key = ParseFieldList(vm["key"].as<std::string>(), "-k");
  options.unique = vm.count("unique") != 0;
  if (options.unique && options.key.empty()) throw UsageError("--unique needs -k");
  if (vm.count("table")) options.table = vm["table"].as<std::string>();
  if (vm.count("partition-by")) {
    const std::string spec = vm["partition-by"].as<std::string>();
    options.partition_by = SplitPartitionSpec(spec, &options.partition_period);
    if (options.partition_by.empty()) throw UsageError("--partition-by: an empty field name");
    const std::string hole = "{" + options.partition_by + "}";
    if (options.common.output.find(hole) == std::string::npos) {
      throw UsageError("--partition-by " + spec + " needs -o with " + hole + " in the file name");
    }
  }
  if (options.table && options.key.empty() && options.partition_by.empty()) {
    throw UsageError("--table needs -k or --partition-by: concatenation takes every table");
  }
  if (vm.count("max-partitions")) {
    options.max_partitions = ParseCount(vm["max-partitions"].as<std::string>(), "--max-partitions", 1, 1u << 20);
  }
  if (vm.count("codec")) {
    options.codec = ParseCodecOption(vm["codec"].as<std::string>(), "--codec");
    if (options.common.to && *options.common.to != OutputForm::kPack) {
      throw UsageError("--codec is for a container output; --to asks for another");
    }
    options.common.to = OutputForm::kPack;
  }
  if (vm.count("batch-size")) {
    options.batch_bytes = ParseSize(vm["batch-size"].as<std::string>(), "--batch-size", 1, 256u << 20);
  }
  return options;
}

int Main(int argc, char** argv) {
  CommandLine cl("merge", "[OPTIONS] INPUT...",
                 "Concatenate record streams, joining tables of the same name, or with -k merge inputs sorted by "
                 "the key into one sorted output, like sort -m.\nINPUTs are record streams [-: standard input].",
                 BadRows::kNone);
  // clang-format off
  cl.own().add_options()
    ("key,k", po::value<std::string>()->value_name("FIELD[,FIELD...]"),
     "merge inputs sorted by these fields into one sorted output [concatenate]")
    ("unique", "with -k: keep the first record of each key")
    ("table", po::value<std::string>()->value_name("NAME"), "the table -k merges [the first table]")
    ("partition-by", po::value<std::string>()->value_name("FIELD[:PERIOD[:UNIT]]"),
     "one output per value of FIELD, or with PERIOD (hour, day, month) per UTC period of a timestamp or an "
     "integer of UNIT (s, ms, us, ns): -o names them, with {FIELD} for the value or period")
    ("max-partitions", po::value<std::string>()->value_name("N"), "at most N partition outputs [256]")
    ("codec,c", po::value<std::string>()->value_name("NAME"),
     "write a pack container with this codec: zstd, xz, gzip or none [zstd for -o *.rpk]")
    ("batch-size", po::value<std::string>()->value_name("SIZE"), "target bytes per merged batch [1M]");
  // clang-format on
  if (!cl.Parse(argc, argv)) return kExitOk;
  MergeOptions options = ParseOptions(cl);

  RunStats stats;
  StatsFile stats_file(options.common.stats_file);
  if (CanCopyBlocks(options)) {
    // Containers into a container of their codec: blocks are copied, not decompressed and compressed again.
    CopyBlocks(options, stats, stats_file);
    return kExitOk;
  }
  std::unique_ptr<MergeOutput> out;
  if (options.partition_by.empty()) {
    out = std::make_unique<SingleOutput>(options.common.output, options.common, options.codec);
  } else {
    out = std::make_unique<PartitionedOutput>(options);
  }
  try {
    if (options.key.empty()) {
      Concatenate(options, *out, stats);
    } else {
      MergeOrdered(options, *out, stats);
    }
    out->Finish();
    stats.records_out = out->records_out();
    stats.bytes_out = out->bytes_out();
    stats_file.Commit(stats);
    out->Commit();
  } catch (...) {
    ReportFailure("merge", {out->streaming_sink()});
    throw;
  }
  return kExitOk;
}

}  // namespace
}  // namespace recpipe::merge

int main(int argc, char** argv) { return recpipe::RunCommand("merge", argc, argv, recpipe::merge::Main); }
