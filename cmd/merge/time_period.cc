#include "cmd/merge/time_period.h"

#include <cstdio>
#include <limits>

#include "lib/buffer.h"
#include "lib/error.h"
#include "lib/logical_text.h"

namespace recpipe::merge {
namespace {

constexpr std::string_view kUnitNames[] = {"s", "ms", "us", "ns"};
constexpr std::string_view kPeriodNames[] = {"hour", "day", "month"};
constexpr int64_t kMonthsTo1970 = 1970 * 12;

std::optional<TimePeriod> ParsePeriod(std::string_view s) {
  for (int i = 0; i < 3; ++i) {
    if (s == kPeriodNames[i]) return static_cast<TimePeriod>(i);
  }
  return std::nullopt;
}

std::optional<TimeUnit> ParseUnit(std::string_view s) {
  for (int i = 0; i < 4; ++i) {
    if (s == kUnitNames[i]) return static_cast<TimeUnit>(i);
  }
  return std::nullopt;
}

// Rounds toward minus infinity, so that -1 s is in the hour, day and month before the epoch.
int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::string DateText(int64_t days) {
  Buffer b;
  AppendDate(days, &b);  // in range: Bucket checked it
  return std::string(b.view());
}

}  // namespace

std::string SplitPartitionSpec(std::string_view text, std::optional<PeriodSpec>* period) {
  period->reset();
  const size_t first = text.find(':');
  if (first == std::string_view::npos) return std::string(text);
  const std::string_view field = text.substr(0, first);
  std::string_view rest = text.substr(first + 1);
  const size_t second = rest.find(':');
  PeriodSpec spec;
  std::optional<TimePeriod> p = ParsePeriod(rest.substr(0, second));
  std::optional<TimeUnit> u;
  if (second != std::string_view::npos) u = ParseUnit(rest.substr(second + 1));
  if (field.empty() || !p || (second != std::string_view::npos && !u)) {
    throw UsageError("--partition-by " + std::string(text) +
                     ": expected FIELD, FIELD:PERIOD or FIELD:PERIOD:UNIT, with PERIOD hour, day or month and "
                     "UNIT s, ms, us or ns");
  }
  spec.period = *p;
  spec.unit = u;
  *period = spec;
  return std::string(field);
}

std::string PeriodSpecText(const std::string& field, const PeriodSpec& spec) {
  std::string s = field + ":" + std::string(kPeriodNames[static_cast<int>(spec.period)]);
  if (spec.unit) s += ":" + std::string(kUnitNames[static_cast<int>(*spec.unit)]);
  return s;
}

PeriodBucketing::PeriodBucketing(const std::string& where, const Field& field, const PeriodSpec& spec)
    : spec_(spec), type_(field.type) {
  const std::string option = " (--partition-by " + PeriodSpecText(field.name, spec) + ")";
  const std::string what = where + ": field '" + field.name + "'";
  std::optional<TimeUnit> unit = spec.unit;
  switch (field.logical.kind) {
    case Logical::kTimestamp:
      if (unit && *unit != field.logical.unit) {
        throw UsageError(
            what + " is a " + LogicalTypeName(field.logical) +
            ", whose unit its schema gives: leave out :" + std::string(kUnitNames[static_cast<int>(*unit)]) + option);
      }
      unit = field.logical.unit;
      break;
    case Logical::kDate:
      if (unit) throw UsageError(what + " is a date (days): leave out the unit" + option);
      if (spec.period == TimePeriod::kHour) throw DataError(what + " is a date, which has no hours" + option);
      is_date_ = true;
      break;
    case Logical::kTime: throw DataError(what + " is a time of day, not an instant" + option);
    default:
      if (!IsSigned(field.type) && !IsUnsigned(field.type)) {
        throw DataError(what + " is " + std::string(TypeName(field.type)) + ", not a timestamp or an integer" + option);
      }
      if (!unit) {
        const std::string base = field.name + ":" + std::string(kPeriodNames[static_cast<int>(spec.period)]);
        throw UsageError(what + " is a plain integer (" + std::string(TypeName(field.type)) +
                         "): declare what it counts since 1970-01-01T00:00:00Z, as in --partition-by " + base +
                         ":s (or :ms, :us, :ns)");
      }
  }
  if (!is_date_) {
    units_per_period_ = UnitsPerSecond(*unit) * (spec.period == TimePeriod::kHour ? 3600 : 86400);
    spec_.unit = unit;
  }
}

std::optional<int64_t> PeriodBucketing::Bucket(const RecordView& record, size_t field) const {
  int64_t v;
  if (type_ == Type::kU64) {
    const uint64_t u = record.GetUInt(field);
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    v = static_cast<int64_t>(u);
  } else {
    v = record.GetInt(field);
  }
  return BucketOf(v);
}

std::optional<int64_t> PeriodBucketing::BucketOf(int64_t v) const {
  const int64_t n = FloorDiv(v, units_per_period_);  // hours, or days
  const int64_t days = spec_.period == TimePeriod::kHour ? FloorDiv(n, 24) : n;
  if (days < kMinDate || days > kMaxDate) return std::nullopt;
  if (spec_.period != TimePeriod::kMonth) return n;
  const CivilDate c = CivilFromDays(days);
  return c.y * 12 + (c.m - 1) - kMonthsTo1970;
}

std::string PeriodBucketing::Name(int64_t bucket) const {
  switch (spec_.period) {
    case TimePeriod::kHour: {
      const int64_t days = FloorDiv(bucket, 24);
      char hour[4];
      std::snprintf(hour, sizeof hour, "T%02d", static_cast<int>(bucket - days * 24));
      return DateText(days) + hour;
    }
    case TimePeriod::kDay: return DateText(bucket);
    case TimePeriod::kMonth: {
      const int64_t months = bucket + kMonthsTo1970;
      const int64_t y = FloorDiv(months, 12);
      char text[32];
      std::snprintf(text, sizeof text, "%04lld-%02d", static_cast<long long>(y), static_cast<int>(months - y * 12 + 1));
      return text;
    }
  }
  return {};
}

std::string_view PeriodBucketing::unit_name() const {
  return is_date_ ? std::string_view("days") : kUnitNames[static_cast<int>(*spec_.unit)];
}

}  // namespace recpipe::merge
