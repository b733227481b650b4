// scan2db's entry point: options, then the database run or the entry stream.
#include "cmd/scan2db/dialect.h"
#include "cmd/scan2db/scan2db.h"
#include "cmd/scan2db/scan_time.h"
#include "lib/error.h"
#include "lib/run_command.h"

namespace po = boost::program_options;

namespace recpipe::scan2db {
namespace {

int64_t ParseScanDate(const std::string& text) {
  int64_t micros = 0;
  if (ParseScanTime(text.size() == 10 ? text + " 00:00:00" : text, &micros)) return micros;
  throw UsageError("--scan-date takes YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS', not '" + text + "'");
}

int Main(int argc, char** argv) {
  CommandLine cl(
      "scan2db", "[OPTIONS] (-o NAME.sqlite | --to FORM) [INPUT]",
      "Aggregate a file-system scan listing (GPFS mmapplypolicy LIST output) into a per-directory usage\n"
      "database in one pass (-o NAME.sqlite), or write its entries as records (--to FORM, table 'entries').\n"
      "INPUT is a file or - for standard input [-]; gzip, xz and zstd are decompressed.");
  // clang-format off
  cl.own().add_options()
    ("dialect", po::value<std::string>()->value_name("NAME"),
     "keyvalue, escaped or default [detected from the first lines]")
    ("scan-date", po::value<std::string>()->value_name("DATE"),
     "what access ages are measured against, YYYY-MM-DD[ HH:MM:SS] UTC [the '# generated:' header, else the "
     "newest time in the listing]");
  // clang-format on
  if (!cl.Parse(argc, argv)) return kExitOk;
  const auto& vm = cl.vm();
  ScanOptions options;
  options.common = cl.common();
  if (options.common.inputs.size() > 1) throw UsageError("scan2db reads one listing");
  if (!options.common.inputs.empty()) options.input = options.common.inputs[0];
  if (vm.count("dialect")) {
    std::string name = vm["dialect"].as<std::string>();
    options.dialect = DialectFromName(name);
    if (!options.dialect) throw UsageError("--dialect takes keyvalue, escaped or default, not '" + name + "'");
  }
  if (vm.count("scan-date")) options.scan_time_us = ParseScanDate(vm["scan-date"].as<std::string>());
  if (!options.common.to && options.common.output == "-") {
    throw UsageError("scan2db writes a database: give -o NAME.sqlite (or --to for an entry stream)");
  }

  StatsFile stats_file(options.common.stats_file);  // opened first: an unwritable FILE fails before any work
  std::unique_ptr<InputFile> in = InputFile::Open(options.input, options.common.threads);
  RunStats stats;
  if (options.common.to) {
    RunEntryStream(options, *in, stats, stats_file);
  } else {
    RunDatabase(options, *in, stats, stats_file);
  }
  return kExitOk;
}

}  // namespace
}  // namespace recpipe::scan2db

int main(int argc, char** argv) { return recpipe::RunCommand("scan2db", argc, argv, recpipe::scan2db::Main); }
