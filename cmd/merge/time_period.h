// --partition-by FIELD:PERIOD[:UNIT]: one partition per UTC hour, day or month of a time field (merge(1),
// PARTITIONS BY TIME). The field is a timestamp (its unit from the schema), a date (day or month only), or a plain
// integer whose unit the command line declares: created_at:day:s. Periods are numbered exactly, in integers, on
// the proleptic Gregorian calendar, negative times included (FloorDiv, not truncation). Pure: thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lib/record_view.h"
#include "lib/schema.h"

namespace recpipe::merge {

enum class TimePeriod : uint8_t { kHour, kDay, kMonth };

struct PeriodSpec {
  TimePeriod period = TimePeriod::kDay;
  std::optional<TimeUnit> unit;  // declared for a plain integer field; a timestamp's comes from its schema
};

// Splits "FIELD", "FIELD:day", "FIELD:day:ms" (hour, day, month; s, ms, us, ns) into the field and the period,
// if any. Text with a ':' that is none of these is a UsageError (so a field whose name has a ':' cannot be
// partitioned).
std::string SplitPartitionSpec(std::string_view text, std::optional<PeriodSpec>* period);

// "created_at:day:ms": the spec as the user would write it, for messages.
std::string PeriodSpecText(const std::string& field, const PeriodSpec& spec);

// How the values of one field are put into periods.
class PeriodBucketing {
 public:
  // Checks the field against the spec: UsageError for a plain integer without a declared unit (the message says how
  // to declare one) or a unit other than its timestamp's; DataError for a type that is no time. `where` starts
  // each message ("a.rec: table 'ev'").
  PeriodBucketing(const std::string& where, const Field& field, const PeriodSpec& spec);

  // The record's period, counted from the one holding 1970-01-01T00:00:00Z (negative before), or nullopt when the
  // instant lies outside the years 0000 to 9999 (its name could not be written). The field must not be null.
  std::optional<int64_t> Bucket(const RecordView& record, size_t field) const;
  // The same for the field's integer (a u64 above INT64_MAX is outside any period).
  std::optional<int64_t> BucketOf(int64_t value) const;

  // The period's name: 2024-03-01T13 (hour), 2024-03-01 (day), 2024-03 (month). bucket must come from Bucket.
  std::string Name(int64_t bucket) const;

  TimePeriod period() const { return spec_.period; }
  // "s", "ms", ... or "days": what the field's integers count, for messages.
  std::string_view unit_name() const;

 private:
  PeriodSpec spec_;
  Type type_;
  bool is_date_ = false;          // the integers are days
  int64_t units_per_period_ = 1;  // of the field's integers per hour (kHour) or per day (kDay, kMonth)
};

}  // namespace recpipe::merge
