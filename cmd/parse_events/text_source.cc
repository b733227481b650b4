// Text input: one event per line, "t x y p" separated by spaces or tabs, or CSV. A first line starting with a
// letter is a header naming the columns (t/ts/timestamp/time, x, y, p/pol/polarity; other columns are ignored);
// without one the columns are t x y p, or as --columns says. Lines starting with '#' or '%' are comments. Times are
// read by text_time.h (integer microseconds, or seconds with a decimal point or an exponent); x and y must be
// integers 0..65535; a polarity above 0 is 1, anything else 0. A value that does not fit is an error naming the
// line and the value, never clamped. Blocks of whole lines (lib/text_blocks.h) are parsed on the workers.
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "cmd/parse_events/parse_events.h"
#include "cmd/parse_events/text_time.h"
#include "lib/error.h"
#include "lib/ordered_pipeline.h"
#include "lib/progress.h"
#include "lib/run_command.h"
#include "lib/split_list.h"
#include "lib/text_blocks.h"

namespace recpipe::parse_events {
namespace {

constexpr size_t kBlockBytes = 1 << 20;
enum Column { kT, kX, kY, kP, kIgnored };

struct Layout {
  std::vector<Column> columns{kT, kX, kY, kP};
  char separator = 0;  // ',' for CSV; 0: runs of spaces and tabs
};

struct TextItem {
  TextBlock block;
  size_t skip = 0;  // the header line, in the first block
  Buffer events, triggers, events_text, triggers_text;
  Counters counters;
  uint64_t lines = 0;
  std::vector<std::pair<uint64_t, std::string>> errors;  // (line within the block, message)
  bool stop = false;
};

Column ColumnNamed(std::string_view name) {
  while (!name.empty() && (name.back() == '\r' || name.back() == ' ')) name.remove_suffix(1);
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  if (name == "t" || name == "ts" || name == "timestamp" || name == "time" || name == "t_us") return kT;
  if (name == "x") return kX;
  if (name == "y") return kY;
  if (name == "p" || name == "pol" || name == "polarity") return kP;
  return kIgnored;
}

// A header line (`header_where` says where it is: "FILE:LINE: ") or, with no header_where, --columns.
Layout LayoutFrom(std::string_view header_or_columns, const std::string& header_where = {}) {
  const bool from_option = header_where.empty();
  Layout l;
  l.separator = header_or_columns.find(',') != std::string_view::npos ? ',' : 0;
  l.columns.clear();
  std::string text(header_or_columns);
  if (l.separator == 0) {
    for (char& c : text) {
      if (c == '\t') c = ' ';
    }
  }
  int seen[4] = {0, 0, 0, 0};
  for (const std::string& name : SplitList(text, l.separator ? ',' : ' ')) {
    if (name.empty() && !l.separator) continue;
    Column c = ColumnNamed(name);
    if (c == kIgnored && from_option) throw UsageError("--columns: '" + name + "' is not t, x, y or p");
    if (c != kIgnored) ++seen[c];
    l.columns.push_back(c);
  }
  if (seen[kT] != 1 || seen[kX] != 1 || seen[kY] != 1 || seen[kP] != 1) {
    std::string message = " must name each of t, x, y and p once: '" + std::string(header_or_columns) + "'";
    if (from_option) throw UsageError("--columns" + message);
    throw DataError(header_where + "the header" + message);
  }
  return l;
}

std::string_view Trim(std::string_view f) {
  while (!f.empty() && (f.back() == '\r' || f.back() == ' ' || f.back() == '\t')) f.remove_suffix(1);
  while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) f.remove_prefix(1);
  return f;
}

// Parses one field into *v; on a bad value returns why, naming the value (the caller adds the line).
std::string ParseField(std::string_view f, Column c, int64_t* v) {
  f = Trim(f);
  static constexpr const char* kNames[] = {"t", "x", "y", "p"};
  const std::string value = "'" + std::string(f.substr(0, 40)) + "'";
  if (c == kT) {
    switch (ParseTextTime(f, v)) {
      case TextTime::kOk: return {};
      case TextTime::kOutOfRange: return "t " + value + " is beyond the i64 range of microseconds";
      case TextTime::kNotANumber: return "not an event line: t " + value + " is not a time";
    }
  }
  auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), *v);
  if (f.empty() || end != f.data() + f.size() || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    return "not an event line: " + std::string(kNames[c]) + " " + value + " is not an integer";
  }
  if (c == kP) {  // only its sign matters: any integer is a polarity
    if (ec == std::errc::result_out_of_range) *v = f[0] == '-' ? -1 : 1;
    return {};
  }
  if (ec != std::errc() || *v < 0 || *v > 65535) return std::string(kNames[c]) + " " + value + " is outside 0..65535";
  return {};
}

template <bool kFilter>
void ParseBlock(const Layout& layout, std::string_view text, TextItem& item, EventOutput& out) {
  const int8_t* pol = out.polarity_map();
  size_t max_events = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  char* p = out.Reserve(max_events);
  uint64_t line = 0;
  for (size_t pos = 0; pos < text.size(); ++line) {
    size_t eol = text.find('\n', pos);
    std::string_view row = text.substr(pos, eol == std::string_view::npos ? text.size() - pos : eol - pos);
    pos = eol == std::string_view::npos ? text.size() : eol + 1;
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (row.empty() || row[0] == '#' || row[0] == '%') continue;
    std::array<int64_t, 4> v{};
    size_t column = 0, at = 0;
    std::string bad;
    while (at <= row.size() && column < layout.columns.size()) {
      size_t end;
      if (layout.separator) {
        end = row.find(layout.separator, at);
        if (end == std::string_view::npos) end = row.size();
      } else {
        while (at < row.size() && (row[at] == ' ' || row[at] == '\t')) ++at;
        end = row.find_first_of(" \t", at);
        if (end == std::string_view::npos) end = row.size();
      }
      Column c = layout.columns[column++];
      if (c != kIgnored) {
        bad = ParseField(row.substr(at, end - at), c, &v[c]);
        if (!bad.empty()) break;
      }
      at = end + 1;
    }
    if (!bad.empty() || column < layout.columns.size()) {
      if (bad.empty()) bad = "not an event line";
      item.errors.emplace_back(line, bad + " ('" + std::string(row.substr(0, 80)) + "')");
      continue;
    }
    const int64_t t = v[kT] - out.origin();
    const uint32_t x = static_cast<uint32_t>(v[kX]), y = static_cast<uint32_t>(v[kY]), p01 = v[kP] > 0;
    if constexpr (kFilter) {
      if (!out.Keep(t, x, y, p01, p)) {
        if (out.stop) break;
        continue;
      }
    }
    p = PutEvent(p, t, x, y, pol[p01]);
  }
  out.Commit(p);
  item.lines = static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
}

void ParseItem(EventTarget& target, const Layout& layout, TextItem& item, uint64_t limit) {
  item.events.clear();
  item.errors.clear();
  EventOutput out(target.settings(), &item.events, &item.triggers, limit);
  std::string_view text = item.block.text.substr(item.skip);
  if (out.settings().filter.active()) ParseBlock<true>(layout, text, item, out);
  else ParseBlock<false>(layout, text, item, out);
  out.Finish();
  item.counters = out.counters;
  item.stop = out.stop;
  if (target.text_output()) {
    item.events_text.clear();
    target.RenderEvents(item.events, &item.events_text);
  }
}

// The first line that is not a comment, its number (from 1), and where the line after it starts.
std::string_view FirstLine(std::string_view text, size_t* next, uint64_t* number) {
  size_t pos = 0;
  for (*number = 1; pos < text.size(); ++*number) {
    size_t eol = text.find('\n', pos);
    size_t end = eol == std::string_view::npos ? text.size() : eol;
    std::string_view line = text.substr(pos, end - pos);
    *next = eol == std::string_view::npos ? text.size() : eol + 1;
    if (!line.empty() && line[0] != '#' && line[0] != '%') return line;
    pos = *next;
  }
  *next = text.size();
  return {};
}

}  // namespace

void RunText(const ParseOptions& options, InputFile& in, RecordSink& sink, RunStats& stats, Counters* totals) {
  TextBlockReader reader(in, kBlockBytes, 0);
  TextItem first;
  bool have_first = reader.Next(&first.block);
  Layout layout;
  std::string format = "text";
  if (have_first) {
    size_t next = 0;
    uint64_t number = 0;
    std::string_view line = FirstLine(first.block.text, &next, &number);
    if (!line.empty() && std::isalpha(static_cast<unsigned char>(line[0]))) {
      layout = LayoutFrom(line, in.name() + ":" + std::to_string(number) + ": ");
      first.skip = next;
    } else if (!options.columns.empty()) {
      layout = LayoutFrom(options.columns);
      layout.separator = line.find(',') != std::string_view::npos ? ',' : 0;
    } else if (line.find(',') != std::string_view::npos) {
      layout.separator = ',';
    }
    if (layout.separator == ',') format = "csv";
  }
  EventTarget target(options, sink, SourceInfo{format, in.name(), 0, 0});
  if (options.time_origin_first) {
    throw UsageError("--time-origin first is not supported for text input");
  }
  const uint64_t limit = options.filter.limit;
  uint64_t written = 0, lines_before = 0, errors = 0;
  bool done = false;
  Progress progress(kCommand, in.raw_size(), options.common.progress, options.common.quiet);
  RunOrdered<TextItem>(
      options.common.threads,
      [&](TextItem& item) {
        if (done) return false;
        item.skip = 0;
        if (have_first) {
          std::swap(item.block, first.block);
          item.skip = first.skip;
          have_first = false;
          return true;
        }
        return reader.Next(&item.block);
      },
      [&](TextItem& item) { ParseItem(target, layout, item, limit); },
      [&](TextItem& item) {
        if (done) return;
        const uint64_t header_lines =
            static_cast<uint64_t>(std::count(item.block.text.begin(), item.block.text.begin() + item.skip, '\n'));
        for (const auto& [line, message] : item.errors) {
          std::string where = in.name() + ":" + std::to_string(lines_before + header_lines + line + 1) + ": ";
          if (++errors > options.common.max_errors) throw DataError(where + message);
          if (errors <= 10 && !options.common.quiet) Warn(kCommand, where + message + " (skipped)");
        }
        if (item.counters.events > limit - written) ParseItem(target, layout, item, limit - written);
        target.Write(target.text_output() ? item.events_text : item.events, item.triggers, item.counters);
        written += item.counters.events;
        lines_before += item.lines + header_lines;
        target.bytes_in += item.block.text.size();
        if (item.stop || written >= limit) done = true;
        reader.Done(item.block);
        progress.Update(item.block.raw_end);
      });
  progress.Finish();
  target.Finish();
  stats.bytes_in = target.bytes_in;
  stats.records_in = target.totals.events + target.totals.filtered + errors;
  stats.errors_skipped = errors;
  *totals = target.totals;
}

}  // namespace recpipe::parse_events
