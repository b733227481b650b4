// parse-gtfs' entry point: options and the output.
#include "cmd/parse_gtfs/check/check_feed.h"
#include "cmd/parse_gtfs/parse_gtfs.h"
#include "lib/error.h"
#include "lib/finish_run.h"
#include "lib/output_file.h"
#include "lib/run_command.h"

namespace po = boost::program_options;

namespace recpipe::parse_gtfs {
namespace {

GtfsOptions OptionsFrom(CommandLine& cl) {
  const auto& vm = cl.vm();
  GtfsOptions o;
  o.common = cl.common();
  if (o.common.inputs.size() > 1) throw UsageError("parse-gtfs reads one feed");
  if (!o.common.inputs.empty()) o.input = o.common.inputs[0];
  if (vm.count("tables")) o.tables = ParseFieldList(vm["tables"].as<std::string>(), "--tables");
  o.join = vm.count("join") != 0;
  if (vm.count("date") && vm.count("dates")) throw UsageError("--date and --dates exclude each other");
  if (vm.count("date")) {
    int32_t d = ParseDayOption(vm["date"].as<std::string>(), "--date");
    o.filter.days = {d, d};
  }
  if (vm.count("dates")) {
    std::string range = vm["dates"].as<std::string>();
    size_t colon = range.find(':');
    if (colon == std::string::npos) throw UsageError("--dates takes A:B, not '" + range + "'");
    int32_t a = ParseDayOption(range.substr(0, colon), "--dates"),
            b = ParseDayOption(range.substr(colon + 1), "--dates");
    if (b < a) throw UsageError("--dates A:B needs A <= B");
    o.filter.days = {a, b};
  }
  if (vm.count("routes")) o.filter.routes = ParseFieldList(vm["routes"].as<std::string>(), "--routes");
  if (vm.count("agency")) {
    o.filter.agency = vm["agency"].as<std::string>();
    if (o.filter.agency.empty()) throw UsageError("--agency takes an agency_id");
  }
  if (o.filter.active() && !o.tables.empty()) {
    throw UsageError("the filters (--date, --dates, --routes, --agency) read the whole feed; leave out --tables");
  }
  if (vm.count("lang")) {
    o.lang = vm["lang"].as<std::string>();
    if (o.lang.empty()) throw UsageError("--lang takes a language code, e.g. de-DE");
  }
  if (vm.count("encoding")) {
    std::string e = vm["encoding"].as<std::string>();
    if (e == "latin1" || e == "latin-1" || e == "iso-8859-1") {
      o.latin1 = true;
    } else if (e != "utf8" && e != "utf-8") {
      throw UsageError("--encoding takes utf8 or latin1, not '" + e + "'");
    }
  }
  o.check = vm.count("check") != 0;
  if (o.check && (!o.tables.empty() || o.join || !o.lang.empty() || o.filter.active())) {
    throw UsageError("--check reads the whole feed as it is; leave out --tables, --join, --lang and the filters");
  }
  if (vm.count("batch-size")) {
    o.batch_bytes = ParseSize(vm["batch-size"].as<std::string>(), "--batch-size");
    if (o.batch_bytes < 1 || o.batch_bytes > (256u << 20)) throw UsageError("--batch-size takes 1 to 256M");
  }
  if (vm.count("block-size")) {
    o.block_bytes = ParseSize(vm["block-size"].as<std::string>(), "--block-size");
    if (o.block_bytes < 1 || o.block_bytes > (1u << 30)) throw UsageError("--block-size takes 1 to 1G");
  }
  return o;
}

int Main(int argc, char** argv) {
  CommandLine cl(kCommand, "[OPTIONS] [FEED]",
                 "Read a GTFS feed into one typed table per file (see parse-gtfs(1) for the types), or with --check\n"
                 "validate it and write its notices.\n"
                 "FEED is a zip, a folder of .txt files, or - for a zip on standard input [-].");
  // clang-format off
  cl.own().add_options()
    ("tables", po::value<std::string>()->value_name("NAMES"),
     "read only these files, e.g. stops,trips (names without .txt; the others are not inflated)")
    ("check", "validate the whole feed as the MobilityData validator does for its core notices and write the "
     "notices (TSV unless --to says otherwise); exit 1 when one is an ERROR")
    ("join", "add route_id, service_id, direction_id and shape_id of each stop time's trip to stop_times")
    ("lang", po::value<std::string>()->value_name("LANG"),
     "replace translatable text with its translation to LANG (e.g. de-DE) from translations.txt, where it has one")
    ("date", po::value<std::string>()->value_name("D"),
     "keep the trips that run on day D (YYYYMMDD or YYYY-MM-DD) and what they use")
    ("dates", po::value<std::string>()->value_name("A:B"), "keep the trips that run on a day from A to B (both included)")
    ("routes", po::value<std::string>()->value_name("R,..."), "keep the trips of these routes (route_id)")
    ("agency", po::value<std::string>()->value_name("A"), "keep the trips of this agency's routes (agency_id)")
    ("encoding", po::value<std::string>()->value_name("utf8|latin1"),
     "the feed's text encoding; latin1 converts ISO 8859-1 text to UTF-8 [utf8]")
    ("batch-size", po::value<std::string>()->value_name("SIZE"), "target bytes per output batch [1M]")
    ("block-size", po::value<std::string>()->value_name("SIZE"),
     "bytes of CSV per parallel work item; records do not depend on it, batch boundaries do [1M]");
  // clang-format on
  if (!cl.Parse(argc, argv)) return kExitOk;
  GtfsOptions options = OptionsFrom(cl);

  StatsFile stats_file(options.common.stats_file);  // opened first: an unwritable FILE fails before any work
  OutputFile out(options.common.output);
  OutputForm form = ResolveOutputForm(options.common, out.is_terminal());
  if (options.check && !options.common.to && form == OutputForm::kRec) form = OutputForm::kTsv;  // notices to read
  RecordSink sink(out, form);
  RunStats stats;
  uint64_t check_errors = 0;
  try {
    if (options.check) {
      check_errors = CheckFeed(options, sink, stats);
    } else {
      RunGtfs(options, sink, stats);
    }
    FinishRun(sink, out, stats, stats_file);
  } catch (...) {
    ReportFailure(kCommand, {&sink});
    throw;
  }
  return check_errors > 0 ? kExitDataError : kExitOk;
}

}  // namespace
}  // namespace recpipe::parse_gtfs

int main(int argc, char** argv) {
  return recpipe::RunCommand(recpipe::parse_gtfs::kCommand, argc, argv, recpipe::parse_gtfs::Main);
}
