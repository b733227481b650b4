#include "cmd/parse_gtfs/table_parser.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>

#include "cmd/parse_gtfs/gtfs_values.h"
#include "lib/csv.h"
#include "lib/error.h"

namespace recpipe::parse_gtfs {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

template <typename T>
bool ParseWhole(std::string_view s, T* out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

const char* Expectation(FieldKind kind) {
  switch (kind) {
    case FieldKind::kEnum: return "is not an enumeration value (a whole number from -128 to 127)";
    case FieldKind::kEnum16: return "is not an enumeration value (a whole number from -32768 to 32767)";
    case FieldKind::kInteger: return "is not a whole number (32-bit)";
    case FieldKind::kFloat: return "is not a finite number";
    case FieldKind::kTime: return "is not a time (H:MM:SS or HH:MM:SS)";
    case FieldKind::kDate: return "is not a date (YYYYMMDD)";
    default: return "is not valid";
  }
}

const char* Code(FieldKind kind) {
  switch (kind) {
    case FieldKind::kEnum:
    case FieldKind::kEnum16: return "unexpected_enum_value";
    case FieldKind::kInteger: return "invalid_integer";
    case FieldKind::kFloat: return "invalid_float";
    case FieldKind::kTime: return "invalid_time";
    case FieldKind::kDate: return "invalid_date";
    default: return "invalid_value";
  }
}

}  // namespace

TableParser::TableParser(std::string file, const FileSpec* spec, const std::vector<std::string_view>& header,
                         std::vector<std::pair<std::string, std::string>> metadata)
    : file_(std::move(file)) {
  schema_.name =
      file_.size() > 4 && file_.compare(file_.size() - 4, 4, ".txt") == 0 ? file_.substr(0, file_.size() - 4) : file_;
  schema_.metadata = std::move(metadata);
  for (size_t i = 0; i < header.size(); ++i) {
    std::string name = ColumnName(header[i], i);
    const FieldSpec* field = spec != nullptr ? FindFieldSpec(*spec, name) : nullptr;
    FieldKind kind = field != nullptr ? field->kind : FieldKind::kText;
    schema_.fields.push_back(FieldFor(name, kind));
    kinds_.push_back(kind);
  }
  if (spec == nullptr) return;
  for (const FieldSpec& f : spec->fields) {
    if (!f.required || schema_.FieldIndex(f.name)) continue;
    Notice n;
    n.code = "missing_required_column";
    n.file = file_;
    n.line = 1;
    n.field = std::string(f.name);
    n.message = "missing required column";
    header_notices_.push_back(std::move(n));
  }
}

void TableParser::SetJoin(const TripIndex* trips) {
  std::optional<size_t> trip = schema_.FieldIndex("trip_id");
  if (!trip) throw DataError(file_ + ": --join needs a trip_id column");
  for (Field& f : JoinFields()) {
    if (schema_.FieldIndex(f.name)) throw DataError(file_ + ": --join adds " + f.name + ", which the file already has");
    schema_.fields.push_back(std::move(f));
  }
  trip_column_ = *trip;
  join_ = trips;
}

void TableParser::SetTranslations(const Translations* translations) {
  translations_ = translations;
  translated_.assign(kinds_.size(), false);
  bool any = false;
  for (size_t i = 0; i < kinds_.size(); ++i) {
    translated_[i] = kinds_[i] == FieldKind::kText && translations->Covers(schema_.name, schema_.fields[i].name);
    any = any || translated_[i];
  }
  if (!any) translations_ = nullptr;
  if (std::string_view key = RecordIdColumn(schema_.name); !key.empty()) record_column_ = schema_.FieldIndex(key);
  if (schema_.name == "stop_times") sub_column_ = schema_.FieldIndex("stop_sequence");
}

bool TableParser::SetValue(size_t column, std::string_view text, bool check_utf8, BatchBuilder& builder, uint64_t line,
                           BlockResult* result) const {
  const FieldKind kind = kinds_[column];
  bool ok = true;
  if (kind == FieldKind::kText) {
    if (!check_utf8 || simdjson::validate_utf8(text.data(), text.size())) {
      builder.AddVariable(text);
      return true;
    }
    builder.SetNull(column);
    builder.AddVariable({});
    result->notices.push_back({"ERROR", "invalid_utf8", file_, line, schema_.fields[column].name, Excerpt(text),
                               "'" + Excerpt(text) + "' is not UTF-8 (read a Latin-1 feed with --encoding latin1)"});
    return false;
  }
  std::string_view v = Trim(text);
  if (v.empty()) {
    builder.SetNull(column);
    return true;
  }
  switch (kind) {
    case FieldKind::kEnum: {
      int8_t x;
      if ((ok = ParseWhole(v, &x))) builder.SetFixed<int8_t>(column, x);
      break;
    }
    case FieldKind::kEnum16: {
      int16_t x;
      if ((ok = ParseWhole(v, &x))) builder.SetFixed<int16_t>(column, x);
      break;
    }
    case FieldKind::kInteger: {
      int32_t x;
      if ((ok = ParseWhole(v, &x))) builder.SetFixed<int32_t>(column, x);
      break;
    }
    case FieldKind::kFloat: {
      double x;
      if ((ok = ParseWhole(v, &x) && std::isfinite(x))) builder.SetFixed<double>(column, x);
      break;
    }
    case FieldKind::kTime: {
      int32_t x;
      if ((ok = ParseGtfsTime(v, &x))) builder.SetFixed<int32_t>(column, x);
      break;
    }
    case FieldKind::kDate: {
      int32_t x;
      if ((ok = ParseGtfsDate(v, &x))) builder.SetFixed<int32_t>(column, x);
      break;
    }
    case FieldKind::kText: break;
  }
  if (!ok) {
    builder.SetNull(column);
    result->notices.push_back({"ERROR", Code(kind), file_, line, schema_.fields[column].name, Excerpt(text),
                               "'" + Excerpt(text) + "' " + Expectation(kind)});
  }
  return ok;
}

void TableParser::AddJoined(std::string_view trip_id, BatchBuilder& builder) const {
  const size_t base = kinds_.size();
  const TripInfo* trip = join_->Find(trip_id);
  if (trip == nullptr) {
    for (size_t i = base; i < base + 4; ++i) builder.SetNull(i);
    for (int i = 0; i < 3; ++i) builder.AddVariable({});
    return;
  }
  builder.AddVariable(trip->route_id);
  builder.AddVariable(trip->service_id);
  if (trip->direction_id) {
    builder.SetFixed<int8_t>(base + 2, *trip->direction_id);
  } else {
    builder.SetNull(base + 2);
  }
  builder.AddVariable(trip->shape_id);
}

void TableParser::Parse(std::string_view text, bool check_utf8, BatchBuilder& builder, BlockResult* result) const {
  CsvParser parser(',', CsvQuotes::kLenient);
  const size_t ncols = kinds_.size();
  size_t pos = 0;
  while (pos < text.size()) {
    const uint64_t line = result->lines;
    CsvStatus status = parser.ParseRow(text, &pos);
    result->lines += parser.line_feeds();
    if (status != CsvStatus::kOk) {
      const bool unclosed = status == CsvStatus::kUnclosedQuote;
      size_t nl = text.find('\n', pos);
      std::string_view rest = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
      result->notices.push_back({"ERROR", "csv_parsing_failed", file_, line, "", Excerpt(rest.substr(0, 60)),
                                 unclosed ? "quoted field not closed before the end of the file (row skipped)"
                                          : "unexpected character after a closing quote (row skipped)"});
      if (unclosed) {
        result->lines += 1;
        return;
      }
      pos = nl == std::string_view::npos ? text.size() : nl + 1;
      result->lines += 1;
      continue;
    }
    if (parser.line_feeds() == 0) result->lines += 1;  // the last line, without its LF
    const auto& fields = parser.fields();
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line, as Python's csv module skips it
    if (keep_ && !keep_(*filter_column_ < fields.size() ? fields[*filter_column_] : std::string_view())) continue;
    if (stop_column_ && *stop_column_ < fields.size()) result->stop_ids.emplace_back(fields[*stop_column_]);
    builder.Begin();
    const size_t n = std::min(fields.size(), ncols);
    if (translations_ == nullptr) {
      for (size_t i = 0; i < n; ++i) SetValue(i, fields[i], check_utf8, builder, line, result);
    } else {
      auto at = [&](std::optional<size_t> c) { return c && *c < fields.size() ? fields[*c] : std::string_view(); };
      const std::string_view record = at(record_column_), sub = at(sub_column_);
      for (size_t i = 0; i < n; ++i) {
        const std::string* t = translated_[i]
                                   ? translations_->Find(schema_.name, schema_.fields[i].name, record, sub, fields[i])
                                   : nullptr;
        SetValue(i, t != nullptr ? std::string_view(*t) : fields[i], check_utf8, builder, line, result);
      }
    }
    for (size_t i = n; i < ncols; ++i) {  // a short row: the missing trailing values are null
      builder.SetNull(i);
      if (kinds_[i] == FieldKind::kText) builder.AddVariable({});
    }
    if (fields.size() > ncols) {
      // A long row: extra empty values (a trailing comma) carry nothing; anything else is reported, not kept.
      std::string extra;
      for (size_t i = ncols; i < fields.size(); ++i) {
        if (extra.empty() && !fields[i].empty()) extra = std::string(fields[i]);
      }
      if (!extra.empty()) {
        result->notices.push_back({"ERROR", "invalid_row_length", file_, line, "", Excerpt(extra),
                                   "row has " + std::to_string(fields.size()) + " values, the header " +
                                       std::to_string(ncols) + " (the values past the header are not kept)"});
      }
    }
    if (join_ != nullptr) AddJoined(fields.size() > trip_column_ ? fields[trip_column_] : std::string_view(), builder);
    builder.End();
    ++result->records;
  }
}

}  // namespace recpipe::parse_gtfs
