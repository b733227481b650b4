// pack's entry point: options, and the choice of mode (pack, -d, --list, --test).
#include "cmd/pack/pack.h"
#include "lib/block_codec.h"
#include "lib/error.h"
#include "lib/run_command.h"

namespace po = boost::program_options;

namespace recpipe::pack {
namespace {

int Main(int argc, char** argv) {
  CommandLine cl("pack", "[OPTIONS] [INPUT]",
                 "Compress a record stream into a block-compressed, indexed container, or load all or part of one\n"
                 "back (-d). INPUT is a file or - for standard input [-].",
                 BadRows::kNone);
  // clang-format off
  cl.own().add_options()
    ("codec,c", po::value<std::string>()->value_name("NAME"), "zstd, xz, gzip or none [zstd]")
    ("level,l", po::value<std::string>()->value_name("N"), "compression level [zstd 3, xz 6, gzip 6]")
    ("block-size", po::value<std::string>()->value_name("SIZE"), "bytes of records per block [1M]")
    ("index-field", po::value<std::string>()->value_name("FIELD[,FIELD...]"),
     "integer fields whose range each block records, for --where [every integer field]")
    ("decompress,d", "turn a container (or a plain stream) back into a stream, or text with --to")
    ("list", "show the tables, schemas, blocks, record counts, sizes and ratio (-v: every block)")
    ("test", "check every checksum and block; exit 1 on damage")
    ("table", po::value<std::string>()->value_name("NAME"), "-d: only this table")
    ("records", po::value<std::string>()->value_name("A:B"),
     "-d: records A to B-1 of the table (from 0; A or B may be left out)")
    ("blocks", po::value<std::string>()->value_name("I:J"), "-d: blocks I to J-1 (from 0, as --list -v numbers them)")
    ("where", po::value<std::string>()->value_name("FIELD=A:B"),
     "-d: records whose integer FIELD is from A to B-1 (FIELD=V: exactly V); reads only blocks that can match")
    ("skip-damaged", "-d: go on past damaged blocks and report how many records were lost")
    ("verbose,v", "--list: every block; --test: what was checked");
  // clang-format on
  if (!cl.Parse(argc, argv)) return kExitOk;
  const auto& vm = cl.vm();
  PackOptions o;
  o.common = cl.common();
  const bool unpack = vm.count("decompress") != 0, list = vm.count("list") != 0, test = vm.count("test") != 0;
  if (unpack + list + test > 1) throw UsageError("-d, --list and --test are different modes; choose one");
  if (!test && o.common.inputs.size() > 1) throw UsageError("pack reads one input; merge combines several");
  const bool packing = !unpack && !list && !test;
  for (const char* opt : {"codec", "level", "block-size", "index-field"}) {
    if (!packing && vm.count(opt)) throw UsageError(std::string("--") + opt + " is for packing, not -d, --list or --test");
  }
  for (const char* opt : {"table", "records", "blocks", "where", "skip-damaged"}) {
    if (!unpack && vm.count(opt)) throw UsageError(std::string("--") + opt + " goes with -d");
  }
  if (packing && o.common.to && *o.common.to != OutputForm::kRec) {
    throw UsageError("--to is for -d: pack writes a container");
  }
  if (vm.count("codec")) {
    o.codec = ParseCodecOption(vm["codec"].as<std::string>(), "--codec");
  }
  const CodecLevels levels = LevelsOf(o.codec);
  o.level = levels.fallback;
  if (vm.count("level")) {
    o.level = static_cast<int>(ParseCount(vm["level"].as<std::string>(), "--level", static_cast<uint64_t>(levels.min),
                                          static_cast<uint64_t>(levels.max)));
  }
  if (vm.count("block-size")) {
    o.block_bytes = ParseSize(vm["block-size"].as<std::string>(), "--block-size", 1, 256u << 20);
  }
  if (vm.count("index-field")) o.index_fields = ParseFieldList(vm["index-field"].as<std::string>(), "--index-field");
  if (vm.count("table")) o.selection.table = vm["table"].as<std::string>();
  if (vm.count("records")) o.selection.records = ParseRange(vm["records"].as<std::string>(), "--records");
  if (vm.count("blocks")) o.selection.blocks = ParseRange(vm["blocks"].as<std::string>(), "--blocks");
  if (vm.count("where")) o.selection.where = ParseWhere(vm["where"].as<std::string>());
  o.skip_damaged = vm.count("skip-damaged") != 0;
  o.verbose = vm.count("verbose") != 0;

  RunStats stats;
  if (list) {
    List(o);
    return kExitOk;
  }
  if (test) {
    Test(o);
    return kExitOk;
  }
  StatsFile stats_file(o.common.stats_file);
  if (unpack) {
    Unpack(o, stats, stats_file);
  } else {
    Pack(o, stats, stats_file);
  }
  return kExitOk;
}

}  // namespace
}  // namespace recpipe::pack

int main(int argc, char** argv) { return recpipe::RunCommand("pack", argc, argv, recpipe::pack::Main); }
