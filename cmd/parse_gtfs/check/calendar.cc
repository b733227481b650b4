// calendar.txt and calendar_dates.txt: each service's days. MobilityData's start_and_end_range_out_of_order, and
// three local best practices: a calendar row with no weekday set (calendar_all_days_empty), one that spans a
// single day (calendar_too_short), and a service that runs on no day at all (no_scheduled_service). At the end,
// the days of each service go to CheckState::service_days (for the block rules).
#include <algorithm>
#include <unordered_map>

#include "cmd/parse_gtfs/check/check_state.h"
#include "cmd/parse_gtfs/gtfs_values.h"

namespace recpipe::parse_gtfs::check {
namespace {

constexpr const char* kDays[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
constexpr int32_t kMostDays = 366 * 50;  // a calendar row longer than this is not expanded day by day

struct Calendar {
  uint64_t line = 0;
  uint8_t weekdays = 0;  // bit 0 Monday
  int32_t start = 0, end = -1;
};

struct Exception {
  int32_t day;
  bool added;
};

class CalendarRules : public RuleGroup {
 public:
  using RuleGroup::RuleGroup;

  bool BeginFile(const FileView& f) override {
    if (f.table == "calendar") {
      calendar_file_ = f.name;
      for (int i = 0; i < 7; ++i) day_[i] = f.Column(kDays[i]);
    } else if (f.table == "calendar_dates") {
      dates_file_ = f.name;
      date_ = f.Column("date");
      type_ = f.Column("exception_type");
    } else {
      return false;
    }
    service_ = f.Column("service_id");
    start_ = f.Column("start_date");
    end_ = f.Column("end_date");
    in_calendar_ = f.table == "calendar";
    return true;
  }

  void Row(const RowView& row) override {
    std::string_view service = row.Get(service_);
    if (service.empty()) return;
    const uint32_t id = s_.pool(kService).Intern(service);
    if (in_calendar_) {
      Calendar c;
      c.line = row.line;
      for (int i = 0; i < 7; ++i) {
        if (row.Get(day_[i]) == "1") c.weekdays |= 1 << i;
      }
      if (!ParseGtfsDate(row.Get(start_), &c.start) || !ParseGtfsDate(row.Get(end_), &c.end)) return;
      if (c.weekdays == 0) {
        s_.Add(Severity::kWarning, "calendar_all_days_empty", row.file->name, row.line, "monday", service,
               "no weekday is set: the service runs only on days calendar_dates.txt adds");
      }
      if (c.end < c.start) {
        s_.Add(Severity::kError, "start_and_end_range_out_of_order", row.file->name, row.line, "end_date",
               row.Get(end_), "end_date is before start_date");
      } else if (c.end == c.start) {
        s_.Add(Severity::kWarning, "calendar_too_short", row.file->name, row.line, "end_date", row.Get(end_),
               "the service spans a single day, better given in calendar_dates.txt");
      }
      if (!calendars_.count(id)) calendars_.emplace(id, c);  // a duplicate service_id: keys.cc
      return;
    }
    int32_t day;
    std::string_view type = row.Get(type_);
    if (!ParseGtfsDate(row.Get(date_), &day) || (type != "1" && type != "2")) return;
    exceptions_[id].push_back({day, type == "1"});
    first_exception_line_.emplace(id, row.line);
  }

  void Finish() override {
    StringPool& services = s_.pool(kService);
    s_.service_days.assign(services.size(), {});
    for (uint32_t id = 0; id < services.size(); ++id) {
      std::vector<int32_t>& days = s_.service_days[id];
      auto c = calendars_.find(id);
      if (c != calendars_.end() && c->second.end - c->second.start < kMostDays) {
        for (int32_t d = c->second.start; d <= c->second.end; ++d) {
          const int weekday = static_cast<int>(((d % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday (3)
          if (c->second.weekdays & (1 << weekday)) days.push_back(d);
        }
      }
      auto e = exceptions_.find(id);
      if (e != exceptions_.end()) {
        for (const Exception& x : e->second) {
          auto at = std::lower_bound(days.begin(), days.end(), x.day);
          const bool has = at != days.end() && *at == x.day;
          if (x.added && !has) days.insert(at, x.day);
          if (!x.added && has) days.erase(at);
        }
      }
      if (!days.empty() || (c != calendars_.end() && c->second.end - c->second.start >= kMostDays)) continue;
      if (c != calendars_.end()) {
        s_.Add(Severity::kWarning, "no_scheduled_service", calendar_file_, c->second.line, "service_id",
               services.Get(id), "the service runs on no day (its weekdays and exceptions leave none)");
      } else if (auto l = first_exception_line_.find(id); l != first_exception_line_.end()) {
        s_.Add(Severity::kWarning, "no_scheduled_service", dates_file_, l->second, "service_id", services.Get(id),
               "the service runs on no day (calendar_dates.txt only removes days)");
      }
    }
  }

 private:
  bool in_calendar_ = false;
  std::string calendar_file_, dates_file_;
  int day_[7] = {-1, -1, -1, -1, -1, -1, -1};
  int service_ = -1, start_ = -1, end_ = -1, date_ = -1, type_ = -1;
  std::unordered_map<uint32_t, Calendar> calendars_;
  std::unordered_map<uint32_t, std::vector<Exception>> exceptions_;
  std::unordered_map<uint32_t, uint64_t> first_exception_line_;
};

}  // namespace

std::unique_ptr<RuleGroup> MakeCalendarRules(CheckState& state) { return std::make_unique<CalendarRules>(state); }

}  // namespace recpipe::parse_gtfs::check
