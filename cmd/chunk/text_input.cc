// Text input: the reading stage cuts the input into blocks of whole lines (TextBlockReader), workers parse them into
// finished batch frames, and the writing stage writes them in order, turning row errors into FILE:LINE messages.
#include <algorithm>
#include <memory>

#include "cmd/chunk/chunk.h"
#include "cmd/chunk/text_parser.h"
#include "lib/csv.h"
#include "lib/error.h"
#include "lib/frame_source.h"
#include "lib/ordered_pipeline.h"
#include "lib/pieces.h"
#include "lib/progress.h"
#include "lib/run_command.h"
#include "lib/text_blocks.h"

namespace recpipe::chunk {
namespace {

constexpr size_t kBlockSize = 1 << 20;
constexpr uint64_t kWarningsShown = 10;

struct TextItem {
  TextBlock block;
  size_t skip = 0;  // bytes at the start of the block that are not data (a header row, a byte-order mark)
  Buffer frames;
  Buffer rendered;
  uint64_t records_out = 0;
  ParseResult result;
};

std::string_view FormatName(Format f) {
  switch (f) {
    case Format::kCsv: return "csv";
    case Format::kTsv: return "tsv";
    case Format::kJsonl: return "jsonl";
    default: return "lines";
  }
}

size_t ByteOrderMark(std::string_view text) { return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0; }

// Reads the header row of a CSV file from its start (for --part, where the piece may start elsewhere).
std::vector<std::string> ReadHeaderAt0(InputFile& in, char delimiter, uint64_t* header_end) {
  std::string head;
  uint64_t size = *in.raw_size();
  size_t want = 1 << 16;
  for (;;) {
    head.resize(static_cast<size_t>(std::min<uint64_t>(want, size)));
    head.resize(in.ReadAt(0, head.data(), head.size()));
    if (CsvCutPoint(head, delimiter) != 0 || head.size() == size) break;
    want *= 2;
  }
  size_t pos = ByteOrderMark(head);
  CsvParser parser(delimiter);
  if (head.size() == pos) {
    *header_end = head.size();
    return {};
  }
  if (parser.ParseRow(head, &pos) != CsvStatus::kOk) throw DataError(in.name() + ":1: malformed header row");
  *header_end = pos;
  return {parser.fields().begin(), parser.fields().end()};
}

}  // namespace

void RunTextInput(const ChunkOptions& options, Format format, InputFile& in, RecordSink& sink, RunStats& stats) {
  // Without --format, a stream or container that lost its magic number must not pass for text.
  if (options.format == Format::kAuto) RefuseBrokenRecordInput(in);
  if (format == Format::kAuto) format = Format::kLines;
  const bool csv = format == Format::kCsv || format == Format::kTsv;
  const char delimiter = options.delimiter.value_or(format == Format::kTsv ? '\t' : ',');
  if (!options.fields.empty() && format != Format::kJsonl) throw UsageError("--fields is for --format jsonl");
  if (options.keep_line && format != Format::kJsonl) throw UsageError("--keep-line is for --format jsonl");
  if (!options.types.empty() && format == Format::kLines) throw UsageError("--types is for csv, tsv and jsonl");
  if (options.delimiter && !csv) throw UsageError("--delimiter is for csv and tsv");
  if (format == Format::kJsonl && options.fields.empty() && !options.keep_line) {
    throw UsageError("--format jsonl needs --fields, --keep-line or both");
  }

  Schema base;
  base.name = options.table;
  base.metadata = {{"source", in.name()}, {"format", std::string(FormatName(format))}};

  // Where to read: the whole input, or one piece of it.
  std::optional<ByteRange> piece;
  if (options.part) {
    if (!in.seekable()) {
      throw UsageError("--part needs a regular uncompressed file; " + in.name() + " is not one");
    }
    // No "part" metadata: merge(1) keeps the first input's schema, so the joined pieces would all claim to be
    // piece 1; without it they carry the whole file's schema, as bam2cols --part's pieces do.
    piece = LinePiece(in, *in.raw_size(), options.part->first, options.part->second);
  }

  // The header row of CSV and TSV comes first, wherever the piece starts.
  TextItem first;
  bool have_first = false;
  uint64_t header_lines = 0;
  std::unique_ptr<TextParser> parser;
  std::unique_ptr<TextBlockReader> reader;
  if (piece) in.Restrict(piece->start, piece->start + piece->length);
  if (csv) {
    CsvSettings settings;
    settings.delimiter = delimiter;
    settings.types = options.types;
    if (piece) {
      uint64_t header_end = 0;
      settings.header = ReadHeaderAt0(in, delimiter, &header_end);
      header_lines = 1;
      if (piece->start < header_end) {
        uint64_t end = piece->start + piece->length;
        piece->start = std::min(header_end, end);
        piece->length = end - piece->start;
        in.Restrict(piece->start, end);
      }
      reader = std::make_unique<TextBlockReader>(in, kBlockSize, csv ? delimiter : 0);
    } else {
      reader = std::make_unique<TextBlockReader>(in, kBlockSize, csv ? delimiter : 0);
      have_first = reader->Next(&first.block);
      std::string_view text = first.block.text;
      size_t pos = ByteOrderMark(text);
      if (pos < text.size()) {
        CsvParser header(delimiter);
        if (header.ParseRow(text, &pos) != CsvStatus::kOk) throw DataError(in.name() + ":1: malformed header row");
        settings.header.assign(header.fields().begin(), header.fields().end());
        header_lines = header.line_feeds() == 0 ? 1 : header.line_feeds();
      }
      first.skip = pos;
    }
    for (const auto& [name, type] : options.types) {
      if (std::find(settings.header.begin(), settings.header.end(), name) == settings.header.end()) {
        throw UsageError("--types names '" + name + "', which is not a column of " + in.name());
      }
    }
    parser = MakeCsvParser(base, settings);
  } else if (format == Format::kJsonl) {
    JsonSettings settings{options.fields, options.types, options.keep_line};
    for (const auto& [name, type] : options.types) {
      if (std::find(options.fields.begin(), options.fields.end(), name) == options.fields.end()) {
        throw UsageError("--types names '" + name + "', which --fields does not list");
      }
    }
    parser = MakeJsonParser(base, settings);
  } else {
    parser = MakeLineParser(base);
  }
  if (auto dup = DuplicateFieldName(parser->schema())) {
    if (csv) throw DataError(in.name() + ":1: the header names column '" + std::string(*dup) + "' twice");
    if (options.keep_line && *dup == "line") {
      throw UsageError("--keep-line adds field 'line', which --fields names too");
    }
    throw UsageError("--fields names '" + std::string(*dup) + "' twice");
  }
  if (!reader) reader = std::make_unique<TextBlockReader>(in, kBlockSize, csv ? delimiter : 0);
  const SinkTable* table = sink.DeclareTable(parser->schema());

  const bool text_out = IsText(sink.form());
  const bool skip_bom = format != Format::kLines;
  uint64_t lines_before = header_lines;
  uint64_t errors = 0;
  const uint64_t raw_base = piece ? piece->start : 0;
  Progress progress("chunk", piece ? std::optional<uint64_t>(piece->length) : in.raw_size(), options.common.progress,
                    options.common.quiet);
  auto where = [&](uint64_t line) {
    if (piece && piece->start > 0) {
      return in.name() + ": line " + std::to_string(line) + " of piece " + std::to_string(options.part->first) +
             "/" + std::to_string(options.part->second);
    }
    return in.name() + ":" + std::to_string(line);
  };

  RunOrdered<TextItem>(
      options.common.threads,
      [&](TextItem& item) {
        item.skip = 0;
        if (have_first) {
          std::swap(item.block, first.block);
          item.skip = first.skip;
          have_first = false;
        } else if (!reader->Next(&item.block)) {
          return false;
        }
        if (item.block.offset == 0 && skip_bom && !csv) item.skip = ByteOrderMark(item.block.text);
        return true;
      },
      [&](TextItem& item) {
        item.result.Clear();
        item.frames.clear();
        BatchBuilder builder(&item.frames, table->id, table->layout, options.batch_bytes);
        parser->Parse(item.block.text.substr(item.skip), builder, &item.result);
        builder.Finish();
        if (text_out) {
          item.rendered.clear();
          item.records_out = sink.Render(*table, item.frames.view(), &item.rendered);
        } else {
          item.records_out = item.result.records;
        }
      },
      [&](TextItem& item) {
        for (const RowError& e : item.result.errors) {
          std::string message = where(lines_before + e.line + 1) + ": " + e.message;
          if (++errors > options.common.max_errors) throw DataError(message);
          if (errors <= kWarningsShown && !options.common.quiet) Warn("chunk", message + " (skipped)");
        }
        lines_before += item.result.lines;
        stats.records_in += item.result.records + item.result.errors.size();
        stats.bytes_in += item.block.text.size();
        sink.Write(*table, text_out ? item.rendered : item.frames, item.records_out);
        reader->Done(item.block);
        progress.Update(item.block.raw_end - raw_base);
      });
  progress.Finish();
  stats.errors_skipped = errors;
  if (errors > 0 && !options.common.quiet) {
    Warn("chunk", std::to_string(errors) + " bad row" + (errors == 1 ? "" : "s") + " skipped (--max-errors " +
                      std::to_string(options.common.max_errors) + ")");
  }
}

}  // namespace recpipe::chunk
