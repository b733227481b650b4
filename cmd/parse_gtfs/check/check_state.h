// What the rules of --check share: the notices found so far, the key sets of the feed (interned once, one pool per
// kind of key), the files of the feed, and the views through which a rule sees one file and one row. The checker
// runs on one thread; nothing here is thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/parse_gtfs/check/string_pool.h"
#include "cmd/parse_gtfs/gtfs_reference.h"
#include "cmd/parse_gtfs/notices.h"

namespace recpipe::parse_gtfs::check {

enum class Severity : uint8_t { kError, kWarning, kInfo };

// The kinds of key one file defines and others refer to.
enum Space : uint8_t {
  kAgency,         // agency.agency_id
  kStop,           // stops.stop_id
  kZone,           // stops.zone_id
  kRoute,          // routes.route_id
  kNetworkAny,     // networks.network_id and routes.network_id
  kNetworkFile,    // networks.network_id
  kTrip,           // trips.trip_id
  kService,        // calendar.service_id and calendar_dates.service_id
  kShape,          // shapes.shape_id
  kFare,           // fare_attributes.fare_id
  kLevel,          // levels.level_id
  kArea,           // areas.area_id
  kRiderCategory,  // rider_categories.rider_category_id
  kFareMedia,      // fare_media.fare_media_id
  kFareProduct,    // fare_products.fare_product_id
  kLegGroup,       // fare_leg_rules.leg_group_id
  kTimeframe,      // timeframes.timeframe_group_id
  kLocationGroup,  // location_groups.location_group_id
  kBookingRule,    // booking_rules.booking_rule_id
  kSpaceCount
};

// One file of the feed as the rules see it.
struct FileView {
  std::string table;  // "stops"
  std::string name;   // "stops.txt"
  size_t order = 0;   // its place in the reading order
  const FileSpec* spec = nullptr;
  std::vector<std::string> columns;  // as ColumnName gives them
  // The first column of that name, or -1.
  int Column(std::string_view column) const;
};

// One row: its values (trimmed of spaces and tabs around them) by column; a short row's missing values are empty.
struct RowView {
  const FileView* file = nullptr;
  uint64_t line = 0;  // the physical line the row starts on, header = 1
  const std::vector<std::string_view>* fields = nullptr;
  std::string_view Get(int column) const;
};

class CheckState {
 public:
  void Add(Severity severity, std::string code, const std::string& file, uint64_t line, std::string field,
           std::string_view value, std::string message);
  StringPool& pool(Space space) { return pools_[space]; }
  std::vector<Notice>& notices() { return notices_; }
  uint64_t errors() const { return errors_; }

  // The files present (table names), for rules that depend on another file being there.
  std::vector<std::string> tables;
  bool HasTable(std::string_view table) const;

  // Filled by the calendar rules when all files are read: the sorted days (days since 1970-01-01) on which each
  // service runs, by its id in pool(kService).
  std::vector<std::vector<int32_t>> service_days;
  // stops, by id in pool(kStop): location_type (-1 empty), coordinates (NaN when absent). Filled by the
  // geography rules.
  std::vector<int8_t> stop_type;
  std::vector<float> stop_lat, stop_lon;

  // Reads a file of the feed again, row by row (set by the checker): for rules that find, at the end, that they
  // need a second look (stop_times of a trip whose rows are not together).
  std::function<void(const std::string& table, const std::function<void(const RowView&)>& row)> reread;

 private:
  std::array<StringPool, kSpaceCount> pools_;
  std::vector<Notice> notices_;
  uint64_t errors_ = 0;
};

// A group of rules. The checker calls BeginFile for every file (a group that wants its rows returns true), Row for
// each of them, EndFile, and Finish once every file is read, in the order the groups were made.
class RuleGroup {
 public:
  explicit RuleGroup(CheckState& state) : s_(state) {}
  virtual ~RuleGroup() = default;
  virtual bool BeginFile(const FileView& file) = 0;
  virtual void Row(const RowView& row) = 0;
  virtual void EndFile(const FileView&) {}
  virtual void Finish() {}

 protected:
  CheckState& s_;
};

// The groups, one per file: keys.cc, references.cc, values.cc, agency_routes.cc, geography.cc, calendar.cc,
// stop_times_order.cc, shape_order.cc, frequencies_transfers.cc, fares.cc, stop_shape_distance.cc.
std::unique_ptr<RuleGroup> MakeKeyRules(CheckState& state);
std::unique_ptr<RuleGroup> MakeReferenceRules(CheckState& state);
std::unique_ptr<RuleGroup> MakeValueRules(CheckState& state);
std::unique_ptr<RuleGroup> MakeAgencyRouteRules(CheckState& state);
std::unique_ptr<RuleGroup> MakeGeographyRules(CheckState& state);
std::unique_ptr<RuleGroup> MakeCalendarRules(CheckState& state);
std::unique_ptr<RuleGroup> MakeSequenceRules(CheckState& state);
std::unique_ptr<RuleGroup> MakeShapeRules(CheckState& state);
std::unique_ptr<RuleGroup> MakeFrequencyTransferRules(CheckState& state);
std::unique_ptr<RuleGroup> MakeFareRules(CheckState& state);
std::unique_ptr<RuleGroup> MakeStopShapeDistanceRules(CheckState& state);

// Helpers the rules share (rule_helpers.cc).
bool ParseNumber(std::string_view text, double* value);  // a finite number
double NumberOrNaN(std::string_view text);                // the number, or NaN when the text is not one
bool ParseInt(std::string_view text, int64_t* value);
// Great-circle distance in metres.
double DistanceMetres(double lat1, double lon1, double lat2, double lon2);
bool IsTimezone(std::string_view name);  // an IANA time zone name (the system's tzdata)

}  // namespace recpipe::parse_gtfs::check
