// The checker's reading: every planned file, cut into blocks of whole rows (csv_blocks.h), each row split by
// lib/csv.h's grammar and handed, with its line, to the rule groups that asked for the file. What parsing itself
// finds (a row that is not CSV, values past the header, text that is not UTF-8, a value that is not of its type,
// header problems) is checked here; the rest sits in the groups (check_state.h).
#include "cmd/parse_gtfs/check/check_feed.h"

#include <simdjson.h>

#include <algorithm>
#include <map>

#include "cmd/parse_gtfs/check/check_state.h"
#include "cmd/parse_gtfs/csv_blocks.h"
#include "cmd/parse_gtfs/feed_plan.h"
#include "cmd/parse_gtfs/latin1.h"
#include "lib/csv.h"
#include "lib/error.h"

namespace recpipe::parse_gtfs {
namespace {

using check::CheckState;
using check::FileView;
using check::RowView;
using check::RuleGroup;
using check::Severity;

// Reads one file: header notices into state, each row to on_row. Returns the number of data rows.
class FileReader {
 public:
  FileReader(const GtfsOptions& options, Feed& feed, CheckState& state) : options_(options), feed_(feed), s_(state) {}

  // header_checks: report header problems (the first reading of a file only).
  uint64_t Read(const PlannedFile& planned, FileView& file, bool header_checks,
                const std::function<void(const RowView&)>& on_row, const std::function<void()>& on_header) {
    CsvBlocks blocks(feed_.Open(*planned.entry), options_.block_bytes);
    std::string block, converted;
    bool first = true, latin1 = false;
    uint64_t line = 1, rows = 0;
    CsvParser parser(',', CsvQuotes::kLenient);
    std::vector<std::string_view> values;
    RowView row;
    row.file = &file;
    row.fields = &values;
    while (blocks.Next(&block)) {
      std::string_view text = block;
      size_t pos = 0;
      if (first) {
        first = false;
        if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
        latin1 = options_.latin1 && pos == 0;
        if (latin1) {
          Latin1ToUtf8(text.substr(pos), &converted);
          text = converted;
          pos = 0;
        }
        if (!Header(text, &pos, file, header_checks, &line)) {
          on_header();
          return 0;
        }
        on_header();
      } else if (latin1) {
        Latin1ToUtf8(text, &converted);
        text = converted;
      }
      const bool check_utf8 = !latin1 && !simdjson::validate_utf8(text.data() + pos, text.size() - pos);
      while (pos < text.size()) {
        const uint64_t row_line = line;
        CsvStatus status = parser.ParseRow(text, &pos);
        if (status != CsvStatus::kOk) {
          const bool unclosed = status == CsvStatus::kUnclosedQuote;
          size_t nl = text.find('\n', pos);
          std::string_view rest = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
          s_.Add(Severity::kError, "csv_parsing_failed", file.name, row_line, "", rest.substr(0, 60),
                 unclosed ? "quoted field not closed before the end of the file (row skipped)"
                          : "unexpected character after a closing quote (row skipped)");
          line += parser.line_feeds() + 1;
          if (unclosed) break;
          pos = nl == std::string_view::npos ? text.size() : nl + 1;
          continue;
        }
        line += parser.line_feeds() == 0 ? 1 : parser.line_feeds();
        const auto& fields = parser.fields();
        if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
        ++rows;
        CheckRow(file, row_line, fields, check_utf8);
        values.assign(fields.begin(), fields.end());
        if (values.size() < file.columns.size()) values.resize(file.columns.size());
        row.line = row_line;
        on_row(row);
      }
    }
    if (first) {  // a file of no bytes at all
      if (header_checks) s_.Add(Severity::kError, "empty_file", file.name, 0, "", "", "the file is empty");
      if (file.spec != nullptr) {
        for (const FieldSpec& f : file.spec->fields) file.columns.emplace_back(f.name);
      }
      on_header();
    }
    return rows;
  }

 private:
  // The header row: the columns, and (header_checks) what is wrong with them. False when the file has no rows.
  bool Header(std::string_view text, size_t* pos, FileView& file, bool header_checks, uint64_t* line) {
    file.columns.clear();
    if (*pos >= text.size()) {
      if (header_checks) s_.Add(Severity::kError, "empty_file", file.name, 0, "", "", "the file is empty");
      return false;
    }
    CsvParser header(',', CsvQuotes::kLenient);
    if (header.ParseRow(text, pos) != CsvStatus::kOk) {
      throw DataError(file.name +
                      ":1: malformed header row (a quote is not closed or is followed by something other "
                      "than a comma or the line end)");
    }
    *line = 1 + (header.line_feeds() == 0 ? 1 : header.line_feeds());
    std::map<std::string, int> seen;
    for (size_t i = 0; i < header.fields().size(); ++i) {
      std::string_view raw = header.fields()[i];
      std::string name = ColumnName(raw, i);
      if (header_checks) {
        if (!simdjson::validate_utf8(raw.data(), raw.size())) {
          s_.Add(Severity::kError, "invalid_utf8", file.name, 1, "", Printable(raw), "header name is not UTF-8");
          name = Printable(raw);
        }
        std::string_view trimmed = raw;
        while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
        if (trimmed.empty() || trimmed.find_first_not_of(" \t\r") == std::string_view::npos) {
          s_.Add(Severity::kError, "empty_column_name", file.name, 1, name, "",
                 "column " + std::to_string(i + 1) + " has no name");
        } else if (seen.count(name)) {
          s_.Add(Severity::kError, "duplicated_column", file.name, 1, name, name,
                 "column '" + name + "' is also column " + std::to_string(seen[name] + 1));
        } else if (file.spec != nullptr && FindFieldSpec(*file.spec, name) == nullptr) {
          s_.Add(Severity::kInfo, "unknown_column", file.name, 1, name, name,
                 "a column the GTFS reference does not define");
        }
      }
      seen.emplace(name, static_cast<int>(i));
      file.columns.push_back(std::move(name));
    }
    if (header_checks && file.spec != nullptr) {
      for (const FieldSpec& f : file.spec->fields) {
        if (f.required && file.Column(f.name) < 0) {
          s_.Add(Severity::kError, "missing_required_column", file.name, 1, std::string(f.name), "",
                 "missing required column");
        }
      }
      // stop_times: stop_id is required unless the file places its stops by location_group_id or location_id.
      if (file.table == "stop_times" && file.Column("stop_id") < 0 && file.Column("location_group_id") < 0 &&
          file.Column("location_id") < 0) {
        s_.Add(Severity::kError, "missing_required_column", file.name, 1, "stop_id", "",
               "missing required column (there is no location_group_id or location_id either)");
      }
    }
    return *pos < text.size();
  }

  // What any row can have wrong: values past the header, text that is not UTF-8, a value not of its column's type.
  void CheckRow(const FileView& file, uint64_t line, const std::vector<std::string_view>& fields, bool check_utf8) {
    const size_t ncols = file.columns.size();
    if (fields.size() > ncols) {
      for (size_t i = ncols; i < fields.size(); ++i) {
        if (fields[i].empty()) continue;
        s_.Add(Severity::kError, "invalid_row_length", file.name, line, "", fields[i],
               "row has " + std::to_string(fields.size()) + " values, the header " + std::to_string(ncols));
        break;
      }
    }
    if (check_utf8) {
      for (size_t i = 0; i < fields.size() && i < ncols; ++i) {
        if (!simdjson::validate_utf8(fields[i].data(), fields[i].size())) {
          s_.Add(Severity::kError, "invalid_utf8", file.name, line, file.columns[i], Printable(fields[i]),
                 "not UTF-8 (read a Latin-1 feed with --encoding latin1)");
        }
      }
    }
  }

  const GtfsOptions& options_;
  Feed& feed_;
  CheckState& s_;
};

std::string TableOf(const std::string& name) {
  return name.size() > 4 && name.compare(name.size() - 4, 4, ".txt") == 0 ? name.substr(0, name.size() - 4) : name;
}

// Notices in a fixed order: by file (in reading order; the feed itself first), line, code, field.
void SortNotices(std::vector<Notice>& notices, const std::map<std::string, size_t>& order) {
  auto rank = [&](const std::string& file) {
    auto it = order.find(file);
    return it == order.end() ? size_t{0} : it->second + 1;
  };
  std::stable_sort(notices.begin(), notices.end(), [&](const Notice& a, const Notice& b) {
    size_t ra = rank(a.file), rb = rank(b.file);
    if (ra != rb) return ra < rb;
    if (a.line != b.line) return a.line < b.line;
    if (a.code != b.code) return a.code < b.code;
    return a.field < b.field;
  });
}

}  // namespace

uint64_t CheckFeed(const GtfsOptions& options, RecordSink& sink, RunStats& stats) {
  std::unique_ptr<Feed> feed = OpenFeed(options.input);
  FeedPlan plan = PlanFeed(*feed, {});
  CheckState state;
  for (const Notice& n : plan.missing) {
    const bool calendars = n.file == "calendar.txt";
    state.Add(Severity::kError, calendars ? "missing_calendar_and_calendar_date_files" : "missing_required_file",
              n.file, 0, "", "", n.message);
  }
  std::map<std::string, size_t> order;
  for (size_t i = 0; i < plan.files.size(); ++i) {
    order.emplace(plan.files[i].entry->name, i);
    state.tables.push_back(TableOf(plan.files[i].entry->name));
  }
  for (const FeedEntry* e : plan.not_text) {
    state.Add(Severity::kInfo, "unknown_file", e->name, 0, "", "", "not a .txt file of the GTFS reference (not read)");
  }

  std::vector<std::unique_ptr<RuleGroup>> groups;
  groups.push_back(check::MakeValueRules(state));
  groups.push_back(check::MakeKeyRules(state));
  groups.push_back(check::MakeReferenceRules(state));
  groups.push_back(check::MakeAgencyRouteRules(state));
  groups.push_back(check::MakeGeographyRules(state));
  groups.push_back(check::MakeCalendarRules(state));
  groups.push_back(check::MakeFrequencyTransferRules(state));
  groups.push_back(check::MakeFareRules(state));
  groups.push_back(check::MakeSequenceRules(state));
  groups.push_back(check::MakeShapeRules(state));
  groups.push_back(check::MakeStopShapeDistanceRules(state));

  FileReader reader(options, *feed, state);
  std::vector<FileView> files(plan.files.size());
  for (size_t i = 0; i < plan.files.size(); ++i) {
    const PlannedFile& planned = plan.files[i];
    FileView& file = files[i];
    file.name = planned.entry->name;
    file.table = TableOf(file.name);
    file.order = i;
    file.spec = planned.spec;
    if (planned.spec == nullptr) {
      state.Add(Severity::kInfo, "unknown_file", file.name, 0, "", "", "a file the GTFS reference does not define");
    }
    std::vector<RuleGroup*> active;
    stats.records_in += reader.Read(
        planned, file, true,
        [&](const RowView& row) {
          for (RuleGroup* g : active) g->Row(row);
        },
        [&] {
          for (auto& g : groups) {
            if (g->BeginFile(file)) active.push_back(g.get());
          }
        });
    stats.bytes_in += planned.entry->size;
    for (auto& g : groups) g->EndFile(file);
  }
  state.reread = [&](const std::string& table, const std::function<void(const RowView&)>& on_row) {
    for (size_t i = 0; i < plan.files.size(); ++i) {
      if (files[i].table != table) continue;
      FileView again = files[i];
      reader.Read(plan.files[i], again, false, on_row, [] {});
    }
  };
  for (auto& g : groups) g->Finish();

  std::vector<Notice>& notices = state.notices();
  SortNotices(notices, order);
  WriteNoticesTable(notices, sink, options.batch_bytes);
  return state.errors();
}

}  // namespace recpipe::parse_gtfs
