// parse-events' entry point: options, format detection, the output.
#include <iostream>

#include "cmd/parse_events/format_detect.h"
#include "cmd/parse_events/parse_events.h"
#include "cmd/parse_events/time_unit.h"
#include "lib/error.h"
#include "lib/output_file.h"
#include "lib/run_command.h"
#include "lib/split_list.h"

namespace po = boost::program_options;

namespace recpipe::parse_events {
namespace {

ParseOptions ParseOptionsFrom(CommandLine& cl) {
  const auto& vm = cl.vm();
  ParseOptions o;
  o.common = cl.common();
  if (o.common.inputs.size() > 1) throw UsageError("parse-events reads one input");
  if (!o.common.inputs.empty()) o.input = o.common.inputs[0];
  if (vm.count("format")) {
    o.format = vm["format"].as<std::string>();
    const std::string allowed[] = {"auto", "evt2", "evt21", "evt21-legacy", "evt3", "dat", "hdf5", "text"};
    if (std::find(std::begin(allowed), std::end(allowed), o.format) == std::end(allowed)) {
      throw UsageError(std::string("--format takes ") + kFormatNames + ", not '" + o.format + "'");
    }
  }
  o.signed_polarity = vm.count("signed-polarity") != 0;
  if (vm.count("columns")) o.columns = vm["columns"].as<std::string>();
  if (vm.count("time-origin")) {
    std::string origin = vm["time-origin"].as<std::string>();
    if (origin == "first") o.time_origin_first = true;
    else if (origin != "file") throw UsageError("--time-origin takes file or first, not '" + origin + "'");
  }
  if (vm.count("time")) {
    auto [begin, end] = ParseTimeWindow(vm["time"].as<std::string>(), "--time");
    o.filter.time_begin = begin;
    o.filter.time_end = end;
  }
  if (vm.count("roi")) {
    std::vector<std::string> parts = SplitList(vm["roi"].as<std::string>(), ',');
    if (parts.size() != 4) throw UsageError("--roi takes x0,y0,x1,y1");
    uint32_t v[4];
    for (int i = 0; i < 4; ++i) v[i] = static_cast<uint32_t>(ParseCount(parts[i], "--roi", 0, 65536));
    if (v[2] <= v[0] || v[3] <= v[1]) throw UsageError("--roi: x1 must exceed x0 and y1 must exceed y0");
    o.filter.x0 = v[0], o.filter.y0 = v[1], o.filter.x1 = v[2], o.filter.y1 = v[3];
  }
  if (vm.count("polarity")) {
    std::string p = vm["polarity"].as<std::string>();
    if (p != "0" && p != "1") throw UsageError("--polarity takes 0 or 1 (the file's polarity), not '" + p + "'");
    o.filter.polarity = p == "1" ? 1 : 0;
  }
  if (vm.count("limit")) {
    o.filter.limit = ParseCount(vm["limit"].as<std::string>(), "--limit", 0, UINT64_MAX);
  }
  if (vm.count("piece-size")) {
    o.piece_bytes = ParseSize(vm["piece-size"].as<std::string>(), "--piece-size", 1, 1u << 30);
  }
  if (vm.count("batch-size")) {
    o.batch_bytes = ParseSize(vm["batch-size"].as<std::string>(), "--batch-size", 1, 256u << 20);
  }
  return o;
}

int Main(int argc, char** argv) {
  CommandLine cl(kCommand, "[OPTIONS] [INPUT]",
                 "Decode an event-camera recording (Prophesee RAW EVT 2.0/2.1/3.0, DAT, HDF5, text) into a table of\n"
                 "events (t us, x, y, p) and, when it has any, one of external triggers.\n"
                 "INPUT is a file or - for standard input [-]; the format is found from the content.");
  // clang-format off
  cl.own().add_options()
    ("format,f", po::value<std::string>()->value_name("NAME"),
     "the input format: auto, evt2, evt21, evt21-legacy, evt3, dat, hdf5, text [auto]")
    ("time", po::value<std::string>()->value_name("A:B"),
     "keep events with A <= t < B (us, or with a unit: 1.5s, 200ms; either end may be left out)")
    ("roi", po::value<std::string>()->value_name("X0,Y0,X1,Y1"), "keep events with X0 <= x < X1 and Y0 <= y < Y1")
    ("polarity", po::value<std::string>()->value_name("0|1"), "keep events of this polarity only")
    ("limit", po::value<std::string>()->value_name("N"), "stop after N events")
    ("time-origin", po::value<std::string>()->value_name("file|first"),
     "file: times as the file has them; first: shifted so that the first event is at 0 [file]")
    ("columns", po::value<std::string>()->value_name("NAMES"),
     "text input without a header: its columns, e.g. x,y,p,t (comma-separated file) or \"t x y p\" [t x y p]")
    ("signed-polarity", "write polarity as -1/+1 instead of 0/1")
    ("batch-size", po::value<std::string>()->value_name("SIZE"), "target bytes per output batch [1M]")
    ("piece-size", po::value<std::string>()->value_name("SIZE"),
     "bytes of input per parallel work item; records do not depend on it, batch boundaries do [512k]");
  // clang-format on
  if (!cl.Parse(argc, argv)) return kExitOk;
  ParseOptions options = ParseOptionsFrom(cl);

  std::unique_ptr<InputFile> in = InputFile::Open(options.input, options.common.threads);
  InputKind kind;
  if (options.format == "auto") {
    kind = DetectKind(in->Peek(1 << 16));
  } else if (options.format == "hdf5") {
    kind = InputKind::kHdf5;
  } else if (options.format == "text") {
    kind = InputKind::kText;
  } else {
    kind = InputKind::kRaw;
  }
  if (kind == InputKind::kUnknown) {
    throw DataError(in->name() + ":0: not an event file: none of Prophesee RAW (EVT 2.0/2.1/3.0 with a '%' header), "
                    "DAT, HDF5 or text (use --format to say which it is)");
  }

  StatsFile stats_file(options.common.stats_file);
  OutputFile out(options.common.output);
  RecordSink sink(out, ResolveOutputForm(options.common, out.is_terminal()));
  RunStats stats;
  Counters counters;
  try {
    switch (kind) {
      case InputKind::kRaw: RunRawOrDat(options, *in, sink, stats, &counters); break;
      case InputKind::kHdf5: RunHdf5(options, *in, sink, stats, &counters); break;
      default: RunText(options, *in, sink, stats, &counters); break;
    }
    stats.records_out = sink.records_out();
    stats.bytes_out = out.bytes_written();
    stats_file.Commit(EventStatsJson(stats, counters));
    out.Commit();
  } catch (...) {
    ReportFailure(kCommand, {&sink});
    throw;
  }
  return kExitOk;
}

}  // namespace
}  // namespace recpipe::parse_events

int main(int argc, char** argv) {
  return recpipe::RunCommand(recpipe::parse_events::kCommand, argc, argv, recpipe::parse_events::Main);
}
