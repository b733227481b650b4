// merge --partition-by FIELD:PERIOD: periods and their names against glibc's gmtime_r (an independent proleptic
// Gregorian calendar), at the boundaries, before 1970, on leap days and month ends; the spec's parsing and the
// field checks.
#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <random>

#include "cmd/merge/time_period.h"
#include "lib/error.h"

namespace recpipe::merge {
namespace {

PeriodBucketing Make(TimePeriod period, std::optional<TimeUnit> unit, Field field) {
  return PeriodBucketing("t.rec: table 'ev'", field, PeriodSpec{period, unit});
}

Field Int(Type type = Type::kI64) { return Field{"ts", type, false, {}}; }

// The period's name of an instant in seconds, from gmtime_r.
std::string Expected(TimePeriod period, int64_t seconds) {
  time_t t = static_cast<time_t>(seconds);
  struct tm tm {};
  EXPECT_NE(gmtime_r(&t, &tm), nullptr);
  char buf[32];
  switch (period) {
    case TimePeriod::kHour:
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour);
      break;
    case TimePeriod::kDay:
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
      break;
    case TimePeriod::kMonth: std::snprintf(buf, sizeof buf, "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1); break;
  }
  return buf;
}

std::string NameOf(const PeriodBucketing& b, int64_t v) {
  std::optional<int64_t> p = b.BucketOf(v);
  return p ? b.Name(*p) : "(outside)";
}

constexpr int64_t kYear0 = -62167219200;      // 0000-01-01T00:00:00Z
constexpr int64_t kYear10000 = 253402300800;  // 10000-01-01T00:00:00Z

TEST(TimePeriod, RandomInstantsAgreeWithGmtime) {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int64_t> any(kYear0, kYear10000 - 1);
  for (TimePeriod period : {TimePeriod::kHour, TimePeriod::kDay, TimePeriod::kMonth}) {
    PeriodBucketing s = Make(period, TimeUnit::kS, Int());
    PeriodBucketing ms = Make(period, TimeUnit::kMs, Int());
    for (int i = 0; i < 20000; ++i) {
      const int64_t t = any(rng);
      ASSERT_EQ(NameOf(s, t), Expected(period, t)) << t;
      const int64_t millis = t * 1000 + static_cast<int64_t>(rng() % 1000);
      ASSERT_EQ(NameOf(ms, millis), Expected(period, t)) << millis;
    }
  }
}

TEST(TimePeriod, BoundariesInEveryUnit) {
  const std::pair<TimeUnit, int64_t> units[] = {
      {TimeUnit::kS, 1}, {TimeUnit::kMs, 1000}, {TimeUnit::kUs, 1000000}, {TimeUnit::kNs, 1000000000}};
  // 2024-03-01T00:00:00Z after a leap day; 1970-01-01 from both sides; 1969-12-31T23 hour; a year's end.
  const int64_t instants[] = {1709251200, 0, 1704067200, 951782400 /* 2000-02-29 */, 4107542400 /* 2100-03-01 */};
  for (auto [unit, per] : units) {
    for (TimePeriod period : {TimePeriod::kHour, TimePeriod::kDay, TimePeriod::kMonth}) {
      PeriodBucketing b = Make(period, unit, Int());
      for (int64_t t : instants) {
        EXPECT_EQ(NameOf(b, t * per), Expected(period, t));
        EXPECT_EQ(NameOf(b, t * per - 1), Expected(period, t - 1)) << "one unit before " << t;
      }
    }
  }
  PeriodBucketing day_ms = Make(TimePeriod::kDay, TimeUnit::kMs, Int());
  EXPECT_EQ(NameOf(day_ms, 1709251199999), "2024-02-29");  // 23:59:59.999
  EXPECT_EQ(NameOf(day_ms, 1709251200000), "2024-03-01");
  EXPECT_EQ(NameOf(day_ms, -1), "1969-12-31");
  PeriodBucketing hour_s = Make(TimePeriod::kHour, TimeUnit::kS, Int());
  EXPECT_EQ(NameOf(hour_s, -1), "1969-12-31T23");
  EXPECT_EQ(NameOf(hour_s, -3600), "1969-12-31T23");
  EXPECT_EQ(NameOf(hour_s, -3601), "1969-12-31T22");
  PeriodBucketing month_s = Make(TimePeriod::kMonth, TimeUnit::kS, Int());
  EXPECT_EQ(NameOf(month_s, 951868799), "2000-02");  // 2000-02-29T23:59:59, a leap day of a 400-year
  EXPECT_EQ(NameOf(month_s, 951868800), "2000-03");
  EXPECT_EQ(NameOf(month_s, 4107542399), "2100-02");  // 2100-02-28T23:59:59: 2100 is no leap year
  EXPECT_EQ(NameOf(month_s, -1), "1969-12");
}

TEST(TimePeriod, TheYears0000To9999OnlyAndNoOverflow) {
  for (TimePeriod period : {TimePeriod::kHour, TimePeriod::kDay, TimePeriod::kMonth}) {
    PeriodBucketing s = Make(period, TimeUnit::kS, Int());
    EXPECT_NE(NameOf(s, kYear0), "(outside)");
    EXPECT_EQ(NameOf(s, kYear0 - 1), "(outside)");
    EXPECT_NE(NameOf(s, kYear10000 - 1), "(outside)");
    EXPECT_EQ(NameOf(s, kYear10000), "(outside)");
    EXPECT_EQ(NameOf(s, INT64_MIN), "(outside)");
    EXPECT_EQ(NameOf(s, INT64_MAX), "(outside)");
    PeriodBucketing ns = Make(period, TimeUnit::kNs, Int());
    EXPECT_EQ(NameOf(ns, INT64_MIN), Expected(period, -9223372037));  // 1677-09-21T00:12:43.145224192Z
    EXPECT_EQ(NameOf(ns, INT64_MAX), Expected(period, 9223372036));
  }
  EXPECT_EQ(NameOf(Make(TimePeriod::kMonth, TimeUnit::kS, Int()), kYear0), "0000-01");
  EXPECT_EQ(NameOf(Make(TimePeriod::kDay, TimeUnit::kS, Int()), kYear10000 - 1), "9999-12-31");
}

TEST(TimePeriod, TimestampAndDateFields) {
  Field ts{"ts", Type::kI64, false, {Logical::kTimestamp, TimeUnit::kUs}};
  EXPECT_EQ(NameOf(Make(TimePeriod::kDay, std::nullopt, ts), 1709251199999999), "2024-02-29");
  EXPECT_EQ(NameOf(Make(TimePeriod::kDay, TimeUnit::kUs, ts), 1709251200000000), "2024-03-01");
  EXPECT_THROW(Make(TimePeriod::kDay, TimeUnit::kMs, ts), UsageError);

  Field date{"d", Type::kI32, false, {Logical::kDate, TimeUnit::kS}};
  EXPECT_EQ(NameOf(Make(TimePeriod::kDay, std::nullopt, date), -1), "1969-12-31");
  EXPECT_EQ(NameOf(Make(TimePeriod::kMonth, std::nullopt, date), 19782), "2024-02");  // 2024-02-29
  EXPECT_EQ(NameOf(Make(TimePeriod::kMonth, std::nullopt, date), 19783), "2024-03");
  EXPECT_THROW(Make(TimePeriod::kHour, std::nullopt, date), DataError);
  EXPECT_THROW(Make(TimePeriod::kDay, TimeUnit::kS, date), UsageError);
}

TEST(TimePeriod, FieldsThatAreNoTime) {
  EXPECT_THROW(Make(TimePeriod::kDay, std::nullopt, Int()), UsageError);
  try {
    Make(TimePeriod::kDay, std::nullopt, Int(Type::kU32));
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--partition-by ts:day:s"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Make(TimePeriod::kDay, TimeUnit::kS, Field{"ts", Type::kString, false, {}}), DataError);
  EXPECT_THROW(Make(TimePeriod::kDay, TimeUnit::kS, Field{"ts", Type::kF64, false, {}}), DataError);
  EXPECT_THROW(Make(TimePeriod::kDay, TimeUnit::kS, Field{"ts", Type::kBool, false, {}}), DataError);
  EXPECT_THROW(Make(TimePeriod::kDay, std::nullopt, Field{"t", Type::kI32, false, {Logical::kTime, TimeUnit::kS}}),
               DataError);
}

TEST(TimePeriod, Spec) {
  std::optional<PeriodSpec> p;
  EXPECT_EQ(SplitPartitionSpec("created_at", &p), "created_at");
  EXPECT_FALSE(p);
  EXPECT_EQ(SplitPartitionSpec("created_at:day", &p), "created_at");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->period, TimePeriod::kDay);
  EXPECT_FALSE(p->unit);
  EXPECT_EQ(SplitPartitionSpec("t:month:ns", &p), "t");
  EXPECT_EQ(p->period, TimePeriod::kMonth);
  EXPECT_EQ(p->unit, TimeUnit::kNs);
  EXPECT_EQ(PeriodSpecText("t", *p), "t:month:ns");
  for (const char* bad : {"t:week", "t:day:m", "t:day:s:x", ":day", "t:", "t:hour:"}) {
    EXPECT_THROW(SplitPartitionSpec(bad, &p), UsageError) << bad;
  }
}

}  // namespace
}  // namespace recpipe::merge
