// chunk's entry point: options, input and output, and the choice between text and record-stream input.
#include <iostream>

#include "cmd/chunk/chunk.h"
#include "lib/container_format.h"
#include "lib/error.h"
#include "lib/finish_run.h"
#include "lib/output_file.h"
#include "lib/pieces.h"
#include "lib/run_command.h"
#include "lib/split_list.h"
#include "lib/stream_reader.h"
#include "lib/typed_text.h"

namespace po = boost::program_options;

namespace recpipe::chunk {
namespace {

Format ParseFormat(const std::string& name) {
  if (name == "auto") return Format::kAuto;
  if (name == "lines") return Format::kLines;
  if (name == "csv") return Format::kCsv;
  if (name == "tsv") return Format::kTsv;
  if (name == "jsonl") return Format::kJsonl;
  if (name == "rec") return Format::kRec;
  throw UsageError("--format takes auto, lines, csv, tsv, jsonl or rec, not '" + name + "'");
}

ChunkOptions ParseOptions(CommandLine& cl) {
  const auto& vm = cl.vm();
  ChunkOptions o;
  o.common = cl.common();
  if (o.common.inputs.size() > 1) throw UsageError("chunk reads one input; use merge to combine several");
  if (!o.common.inputs.empty()) o.input = o.common.inputs[0];
  if (vm.count("format")) o.format = ParseFormat(vm["format"].as<std::string>());
  if (vm.count("table")) o.table = vm["table"].as<std::string>();
  if (vm.count("types")) o.types = ParseTypeList(vm["types"].as<std::string>(), "--types");
  if (vm.count("fields")) o.fields = SplitList(vm["fields"].as<std::string>(), ',');
  o.keep_line = vm.count("keep-line") != 0;
  if (vm.count("delimiter")) {
    std::string d = vm["delimiter"].as<std::string>();
    if (d == "\\t" || d == "tab") d = "\t";
    if (d.size() != 1 || d == "\"" || d == "\n" || d == "\r") {
      throw UsageError("--delimiter takes one character other than a quote or a line end");
    }
    o.delimiter = d[0];
  }
  if (vm.count("part")) o.part = ParsePart(vm["part"].as<std::string>());
  if (vm.count("plan")) o.plan = ParseCount(vm["plan"].as<std::string>(), "--plan", 1, kMaxPieces);
  if (o.part && o.plan) throw UsageError("--part and --plan conflict");
  if (vm.count("batch-size")) {
    o.batch_bytes = ParseSize(vm["batch-size"].as<std::string>(), "--batch-size", 1, 256u << 20);
  }
  return o;
}

int Main(int argc, char** argv) {
  CommandLine cl("chunk", "[OPTIONS] [INPUT]",
                 "Cut line-based text (lines, CSV, TSV, JSON lines) or a record stream into records and pieces.\n"
                 "INPUT is a file or - for standard input [-]; gzip, xz and zstd are decompressed.");
  // clang-format off
  cl.own().add_options()
    ("format", po::value<std::string>()->value_name("FMT"),
     "auto, lines, csv, tsv, jsonl or rec [auto: a record stream by its magic, else by the file name, else lines]")
    ("table", po::value<std::string>()->value_name("NAME"),
     "name of the output table [the input's base name; stdin]")
    ("types", po::value<std::string>()->value_name("NAME:TYPE,..."),
     "csv/tsv/jsonl: column types: bool, i8..i64, u8..u64, f32, f64, string, bytes, or the logical types time, "
     "date, timestamp:s|ms|us|ns [string]")
    ("fields", po::value<std::string>()->value_name("A,B.C"),
     "jsonl: values to extract; a dotted name reaches into nested objects")
    ("keep-line", "jsonl: also keep the whole line, as field 'line'")
    ("delimiter", po::value<std::string>()->value_name("C"), "csv: field separator [, for csv, TAB for tsv]")
    ("part", po::value<std::string>()->value_name("K/N"),
     "only the K-th of N line-aligned pieces (as split -n l/K/N); record streams by record count")
    ("plan", po::value<std::string>()->value_name("N"), "print the N pieces as INDEX, START, LENGTH lines and exit")
    ("batch-size", po::value<std::string>()->value_name("SIZE"), "target bytes per output batch [1M]");
  // clang-format on
  if (!cl.Parse(argc, argv)) return kExitOk;
  ChunkOptions options = ParseOptions(cl);

  std::unique_ptr<InputFile> in = InputFile::Open(options.input, options.common.threads);
  if (options.plan) {
    std::string text;
    PrintPlan(*in, *options.plan, &text);
    OutputFile out(options.common.output);
    out.Write(text);
    out.Commit();
    return kExitOk;
  }

  Format format = options.format;
  bool stream = format == Format::kRec;
  if (format == Format::kAuto) {
    stream = LooksLikeStream(in->Peek(8)) || LooksLikeContainer(in->Peek(8));
    format = FormatFromName(options.input);
  }
  if (options.table.empty()) options.table = TableNameFromPath(options.input);

  StatsFile stats_file(options.common.stats_file);
  OutputFile out(options.common.output);
  RecordSink sink(out, ResolveOutputForm(options.common, out.is_terminal()));
  RunStats stats;
  try {
    if (stream) {
      RunStreamInput(options, *in, sink, stats);
    } else {
      RunTextInput(options, format, *in, sink, stats);
    }
    FinishRun(sink, out, stats, stats_file);
  } catch (...) {
    ReportFailure("chunk", {&sink});
    throw;
  }
  return kExitOk;
}

}  // namespace
}  // namespace recpipe::chunk

int main(int argc, char** argv) { return recpipe::RunCommand("chunk", argc, argv, recpipe::chunk::Main); }
