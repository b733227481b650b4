// The pipeline: the reading stage walks the planned files and takes each one's blocks of whole rows, which the
// threads of block_prefetch.h inflate and cut ahead of it (at -j1, the reading stage does that itself); workers
// parse blocks into finished batch frames; the writing stage writes them in input order and turns the notices into
// FILE:LINE errors, or into the notices table under --max-errors. Everything that decides the output happens in
// order, so it is the same for any -j.
#include <simdjson.h>

#include <algorithm>
#include <deque>
#include <optional>

#include "cmd/parse_gtfs/block_prefetch.h"
#include "cmd/parse_gtfs/feed_filter.h"
#include "cmd/parse_gtfs/feed_plan.h"
#include "cmd/parse_gtfs/latin1.h"
#include "cmd/parse_gtfs/notices_writer.h"
#include "cmd/parse_gtfs/parse_gtfs.h"
#include "cmd/parse_gtfs/sql_keys.h"
#include "cmd/parse_gtfs/table_parser.h"
#include "lib/csv.h"
#include "lib/error.h"
#include "lib/ordered_pipeline.h"
#include "lib/progress.h"
#include "lib/run_command.h"

namespace recpipe::parse_gtfs {
namespace {

// A file being read: its parser and table, and (writing stage only) the lines written so far.
struct OpenTable {
  const PlannedFile* file = nullptr;
  std::unique_ptr<TableParser> parser;
  const SinkTable* table = nullptr;
  bool latin1 = false;  // --encoding latin1, and the file does not declare UTF-8 with a byte-order mark
  uint64_t lines_before = 0;
};

struct Item {
  OpenTable* table = nullptr;
  std::string text;  // the block as read
  size_t skip = 0;   // bytes before the rows: a byte-order mark and the header row, in a file's first block
  std::vector<Notice> header_notices;
  std::string converted;  // --encoding latin1: the block as UTF-8
  BlockResult result;
  Buffer frames;
  Buffer rendered;
  uint64_t records_out = 0;
};

std::string TableName(const std::string& file) {
  return file.size() > 4 && file.compare(file.size() - 4, 4, ".txt") == 0 ? file.substr(0, file.size() - 4) : file;
}

size_t ByteOrderMark(std::string_view text) { return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0; }

std::vector<const FeedEntry*> Entries(const FeedPlan& plan) {
  std::vector<const FeedEntry*> entries;
  for (const PlannedFile& f : plan.files) entries.push_back(f.entry);
  return entries;
}

class FeedReader {
 public:
  FeedReader(const GtfsOptions& options, Feed& feed, const FeedPlan& plan, const TripIndex* join,
             const Translations* translations, const FeedFilter* filter, RecordSink& sink)
      : options_(options),
        feed_(feed),
        plan_(plan),
        join_(join),
        translations_(translations),
        filter_(filter),
        sink_(sink),
        blocks_(feed, Entries(plan), options.block_bytes, options.common.threads > 1 ? options.common.threads : 0) {}

  // Fills item with the next block of the feed; false at the end of the last file.
  bool Next(Item& item) {
    item.skip = 0;
    item.header_notices.clear();
    for (;;) {
      if (in_file_) {
        if (blocks_.Next(next_file_ - 1, &item.text)) {
          item.table = current_;
          if (first_block_) StartTable(item);
          first_block_ = false;
          if (item.table != nullptr) return true;
          item.skip = 0;  // a block of nothing but the header: the rows start in the next one
          continue;
        }
        if (first_block_) {  // a file of no bytes at all
          item.text.clear();
          StartTable(item);
        }
        in_file_ = false;
      }
      if (next_file_ == plan_.files.size()) return false;
      const PlannedFile& file = plan_.files[next_file_++];
      in_file_ = true;
      tables_.emplace_back();
      tables_.back().file = &file;
      current_ = &tables_.back();
      first_block_ = true;
    }
  }

 private:
  // Reads the header row at the start of a file's first block and declares the table. Leaves item.table null when
  // the block holds no rows.
  void StartTable(Item& item) {
    OpenTable& t = *current_;
    const std::string& name = t.file->entry->name;
    std::string_view text = item.text;
    size_t pos = ByteOrderMark(text);
    t.latin1 = options_.latin1 && pos == 0;
    std::vector<std::string> names;
    uint64_t header_lines = 0;
    if (pos < text.size()) {
      CsvParser header(',', CsvQuotes::kLenient);
      if (header.ParseRow(text, &pos) != CsvStatus::kOk) {
        throw DataError(t.file->entry->path +
                        ":1: malformed header row (a quote is not closed or is followed by "
                        "something other than a comma or the line end)");
      }
      header_lines = header.line_feeds() == 0 ? 1 : header.line_feeds();
      for (std::string_view f : header.fields()) {
        std::string value;
        if (t.latin1) {
          Latin1ToUtf8(f, &value);
        } else if (!simdjson::validate_utf8(f.data(), f.size())) {
          item.header_notices.push_back(
              {"ERROR", "invalid_utf8", name, 1, "", Excerpt(f),
               "header name '" + Excerpt(f) + "' is not UTF-8 (read a Latin-1 feed with --encoding latin1)"});
          value = Printable(f);  // a column name stays valid text
        } else {
          value = std::string(f);
        }
        names.push_back(std::move(value));
      }
    }
    std::vector<std::string_view> header(names.begin(), names.end());
    const bool empty = header.empty();
    if (empty && t.file->spec != nullptr) {  // an empty file of the reference: its table has the reference's columns
      for (const FieldSpec& f : t.file->spec->fields) header.push_back(f.name);
    }
    t.parser = std::make_unique<TableParser>(
        name, t.file->spec, header,
        std::vector<std::pair<std::string, std::string>>{{"source", t.file->entry->path}, {"format", "gtfs"}});
    for (const Notice& n : t.parser->header_notices()) item.header_notices.push_back(n);
    if (join_ != nullptr && name == "stop_times.txt") t.parser->SetJoin(join_);
    if (translations_ != nullptr && name != "translations.txt") t.parser->SetTranslations(translations_);
    if (filter_ != nullptr) {
      std::string column;
      const std::string table = TableName(name);
      if (const FeedFilter::KeySet* keep = filter_->KeepSet(table, &column)) {
        t.parser->SetFilter(keep, column, table == "stop_times");
      }
    }
    t.table = sink_.DeclareTable(t.parser->schema());
    AddKeyIndexes(t.parser->schema(), sink_);
    t.lines_before = header_lines;
    item.skip = pos;
    if (pos >= text.size() && item.header_notices.empty()) item.table = nullptr;
  }

  const GtfsOptions& options_;
  Feed& feed_;
  const FeedPlan& plan_;
  const TripIndex* join_;             // --join: the trips, for stop_times
  const Translations* translations_;  // --lang
  const FeedFilter* filter_;          // --date, --dates, --routes, --agency
  RecordSink& sink_;
  std::deque<OpenTable> tables_;  // a deque: items point into it while it grows
  size_t next_file_ = 0;
  bool in_file_ = false;  // taking blocks of plan_.files[next_file_ - 1]
  BlockPrefetch blocks_;
  OpenTable* current_ = nullptr;
  bool first_block_ = false;
};

void Parse(const GtfsOptions& options, Item& item, const RecordSink& sink) {
  item.result.Clear();
  item.frames.clear();
  const SinkTable& table = *item.table->table;
  BatchBuilder builder(&item.frames, table.id, table.layout, options.batch_bytes);
  std::string_view text = std::string_view(item.text).substr(item.skip);
  bool check_utf8 = false;
  if (item.table->latin1) {
    Latin1ToUtf8(text, &item.converted);
    text = item.converted;
  } else {
    check_utf8 = !simdjson::validate_utf8(text.data(), text.size());
  }
  item.table->parser->Parse(text, check_utf8, builder, &item.result);
  builder.Finish();
  if (IsText(sink.form())) {
    item.rendered.clear();
    item.records_out = sink.Render(table, item.frames.view(), &item.rendered);
  } else {
    item.records_out = item.result.records;
  }
}

const FeedEntry* FindEntry(const Feed& feed, std::string_view name) {
  for (const FeedEntry& e : feed.entries()) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

// --join: the trips' index, read before the pipeline.
std::optional<TripIndex> LoadTrips(const GtfsOptions& options, Feed& feed) {
  if (!options.join) return std::nullopt;
  const FeedEntry* trips = FindEntry(feed, "trips.txt");
  if (trips == nullptr) throw DataError(options.input + ": --join needs trips.txt, which the feed lacks");
  return TripIndex::Read(feed, *trips, options.latin1);
}

// --lang: the translations to the language, read before the pipeline.
std::optional<Translations> LoadTranslations(const GtfsOptions& options, Feed& feed) {
  if (options.lang.empty()) return std::nullopt;
  const FeedEntry* entry = FindEntry(feed, "translations.txt");
  if (entry == nullptr) {
    if (!options.common.quiet) {
      Warn(kCommand, options.input + ": --lang " + options.lang + ": the feed has no translations.txt");
    }
    return std::nullopt;
  }
  return Translations::Read(feed, *entry, options.lang, options.latin1);
}

}  // namespace

void RunGtfs(const GtfsOptions& options, RecordSink& sink, RunStats& stats) {
  std::unique_ptr<Feed> feed = OpenFeed(options.input);
  RunFeed(options, *feed, sink, stats);
}

void RunFeed(const GtfsOptions& options, Feed& feed_in, RecordSink& sink, RunStats& stats) {
  Feed* feed = &feed_in;
  const bool warn = !options.common.quiet;
  for (const std::string& path : feed->outside()) {
    if (warn) Warn(kCommand, path + ": outside the feed's folder, not read");
  }
  FeedPlan plan = PlanFeed(*feed, options.tables);
  for (const FeedEntry* e : plan.not_text) {
    if (warn && options.tables.empty()) Warn(kCommand, e->path + ": not a .txt file, not read");
  }
  uint64_t total = 0;
  for (const PlannedFile& f : plan.files) total += f.entry->size;

  NoticesWriter notices(options.input, options.common.max_errors, warn);
  for (const Notice& n : plan.missing) notices.Add(n);

  std::optional<TripIndex> trips = LoadTrips(options, *feed);
  std::optional<Translations> translations = LoadTranslations(options, *feed);
  std::optional<FeedFilter> filter;
  if (options.filter.active()) filter.emplace(*feed, options.filter, options.latin1);

  Progress progress(kCommand, total, options.common.progress, options.common.quiet);
  uint64_t done = 0;
  auto run_pass = [&](const FeedPlan& pass) {
    FeedReader reader(options, *feed, pass, trips ? &*trips : nullptr, translations ? &*translations : nullptr,
                      filter ? &*filter : nullptr, sink);
    RunOrdered<Item>(
        options.common.threads, [&](Item& item) { return reader.Next(item); },
        [&](Item& item) { Parse(options, item, sink); },
        [&](Item& item) {
          OpenTable& t = *item.table;
          for (const Notice& n : item.header_notices) notices.Add(n, t.file->entry->path);
          for (Notice& n : item.result.notices) {
            n.line += t.lines_before + 1;
            notices.Add(n, t.file->entry->path);
          }
          if (filter) filter->AddCalledStops(item.result.stop_ids);
          t.lines_before += item.result.lines;
          stats.records_in += item.result.records;
          stats.bytes_in += item.text.size();
          sink.Write(*t.table, IsText(sink.form()) ? item.rendered : item.frames, item.records_out);
          done += item.text.size();
          progress.Update(done);
        });
  };
  if (!filter) {
    run_pass(plan);
  } else {
    // The stops to keep are those the kept stop times call at: stops.txt is read in a second pass, after them.
    FeedPlan first = plan, second = plan;
    first.files.clear();
    second.files.clear();
    for (const PlannedFile& f : plan.files) {
      (FeedFilter::AfterStopTimes(TableName(f.entry->name)) ? second : first).files.push_back(f);
    }
    run_pass(first);
    filter->CloseStops(*feed, options.latin1);
    run_pass(second);
  }
  progress.Finish();
  stats.errors_skipped = notices.errors();
  notices.Finish(sink);
}

}  // namespace recpipe::parse_gtfs
