// Values against their column's type in the reference (the same kinds and codes as parse-gtfs' own parsing:
// invalid_time, invalid_date, invalid_integer, invalid_float, unexpected_enum_value), required values that are
// empty (missing_required_field), colours (invalid_color) and time zones (invalid_timezone).
#include <charconv>

#include "cmd/parse_gtfs/check/check_state.h"
#include "cmd/parse_gtfs/gtfs_values.h"

namespace recpipe::parse_gtfs::check {
namespace {

template <typename T>
bool Whole(std::string_view s) {
  T x;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  return ec == std::errc() && end == s.data() + s.size();
}

struct Problem {
  const char* code;
  const char* expectation;
};

// nullptr when text (not empty) is a value of the kind.
const Problem* Check(FieldKind kind, std::string_view text) {
  static const Problem kEnum{"unexpected_enum_value", "is not an enumeration value (a whole number)"};
  static const Problem kInt{"invalid_integer", "is not a whole number (32-bit)"};
  static const Problem kFloat{"invalid_float", "is not a finite number"};
  static const Problem kTime{"invalid_time", "is not a time (H:MM:SS or HH:MM:SS)"};
  static const Problem kDate{"invalid_date", "is not a date (YYYYMMDD)"};
  int32_t x;
  double d;
  switch (kind) {
    case FieldKind::kText: return nullptr;
    case FieldKind::kEnum: return Whole<int8_t>(text) ? nullptr : &kEnum;
    case FieldKind::kEnum16: return Whole<int16_t>(text) ? nullptr : &kEnum;
    case FieldKind::kInteger: return Whole<int32_t>(text) ? nullptr : &kInt;
    case FieldKind::kFloat: return ParseNumber(text, &d) ? nullptr : &kFloat;
    case FieldKind::kTime: return ParseGtfsTime(text, &x) ? nullptr : &kTime;
    case FieldKind::kDate: return ParseGtfsDate(text, &x) ? nullptr : &kDate;
  }
  return nullptr;
}

bool IsColor(std::string_view v) {
  if (v.size() != 6) return false;
  for (char c : v) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

class ValueRules : public RuleGroup {
 public:
  using RuleGroup::RuleGroup;

  bool BeginFile(const FileView& file) override {
    columns_.clear();
    if (file.spec == nullptr) return false;
    for (size_t i = 0; i < file.columns.size(); ++i) {
      const FieldSpec* f = FindFieldSpec(*file.spec, file.columns[i]);
      if (f == nullptr || file.Column(file.columns[i]) != static_cast<int>(i)) continue;  // unknown, or a repeat
      // fare_attributes.transfers is required, but empty means unlimited transfers.
      const bool required = f->required && !(file.table == "fare_attributes" && f->name == "transfers");
      const bool color = f->name == "route_color" || f->name == "route_text_color";
      const bool zone = f->name == "agency_timezone" || f->name == "stop_timezone";
      if (f->kind != FieldKind::kText || required || color || zone) {
        columns_.push_back({static_cast<int>(i), f, required, color, zone});
      }
    }
    return !columns_.empty();
  }

  void Row(const RowView& row) override {
    for (const Column& c : columns_) {
      std::string_view v = row.Get(c.index);
      const std::string& name = row.file->columns[c.index];
      if (v.empty()) {
        if (c.required) {
          s_.Add(Severity::kError, "missing_required_field", row.file->name, row.line, name, "",
                 "a required value is empty");
        }
        continue;
      }
      if (const Problem* p = Check(c.spec->kind, v)) {
        s_.Add(Severity::kError, p->code, row.file->name, row.line, name, v, "'" + Excerpt(v) + "' " + p->expectation);
      } else if (c.color && !IsColor(v)) {
        s_.Add(Severity::kError, "invalid_color", row.file->name, row.line, name, v,
               "'" + Excerpt(v) + "' is not a colour (six hexadecimal digits)");
      } else if (c.zone && !IsTimezone(v)) {
        s_.Add(Severity::kError, "invalid_timezone", row.file->name, row.line, name, v,
               "'" + Excerpt(v) + "' is not a time zone of the tz database");
      }
    }
  }

 private:
  struct Column {
    int index;
    const FieldSpec* spec;
    bool required, color, zone;
  };
  std::vector<Column> columns_;
};

}  // namespace

std::unique_ptr<RuleGroup> MakeValueRules(CheckState& state) { return std::make_unique<ValueRules>(state); }

}  // namespace recpipe::parse_gtfs::check
