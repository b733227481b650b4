// frequencies.txt: periods of one trip that overlap (overlapping_frequency), periods that end before they start or
// at their start (start_and_end_range_out_of_order / _equal), and the local best practice that a period lasts at
// least one headway (frequency_period_shorter_than_headway). transfers.txt: the local best practice that
// min_transfer_time is given exactly when transfer_type is 2 (invalid_min_transfer_time).
#include <algorithm>
#include <unordered_map>

#include "cmd/parse_gtfs/check/check_state.h"
#include "cmd/parse_gtfs/gtfs_values.h"

namespace recpipe::parse_gtfs::check {
namespace {

struct Period {
  int32_t start, end;
  uint64_t line;
};

class FrequencyTransferRules : public RuleGroup {
 public:
  using RuleGroup::RuleGroup;

  bool BeginFile(const FileView& f) override {
    in_frequencies_ = f.table == "frequencies";
    if (in_frequencies_) {
      frequencies_file_ = f.name;
      trip_ = f.Column("trip_id");
      start_ = f.Column("start_time");
      end_ = f.Column("end_time");
      headway_ = f.Column("headway_secs");
      return true;
    }
    if (f.table == "transfers") {
      type_ = f.Column("transfer_type");
      min_time_ = f.Column("min_transfer_time");
      return true;
    }
    return false;
  }

  void Row(const RowView& row) override {
    if (!in_frequencies_) return TransferRow(row);
    int32_t start, end;
    if (!ParseGtfsTime(row.Get(start_), &start) || !ParseGtfsTime(row.Get(end_), &end)) return;
    const std::string& file = row.file->name;
    if (end < start) {
      s_.Add(Severity::kError, "start_and_end_range_out_of_order", file, row.line, "end_time", row.Get(end_),
             "end_time is before start_time");
    } else if (end == start) {
      s_.Add(Severity::kError, "start_and_end_range_equal", file, row.line, "end_time", row.Get(end_),
             "end_time equals start_time");
    }
    int64_t headway;
    if (ParseInt(row.Get(headway_), &headway) && end - start < headway) {
      s_.Add(Severity::kWarning, "frequency_period_shorter_than_headway", file, row.line, "end_time", row.Get(end_),
             "the period lasts " + std::to_string(end - start) + " s, less than its headway of " +
                 std::to_string(headway) + " s");
    }
    std::string_view trip = row.Get(trip_);
    if (!trip.empty()) periods_[std::string(trip)].push_back({start, end, row.line});
  }

  void Finish() override {
    std::vector<std::pair<std::string, std::vector<Period>>> trips(periods_.begin(), periods_.end());
    for (auto& [trip, periods] : trips) {
      std::sort(periods.begin(), periods.end(), [](const Period& a, const Period& b) {
        return a.start != b.start ? a.start < b.start : a.line < b.line;
      });
      for (size_t i = 1; i < periods.size(); ++i) {
        if (periods[i].start < periods[i - 1].end) {
          s_.Add(Severity::kError, "overlapping_frequency", frequencies_file_, periods[i].line, "start_time", trip,
                 "the period overlaps the one on line " + std::to_string(periods[i - 1].line) + " of the same trip");
        }
      }
    }
  }

 private:
  void TransferRow(const RowView& row) {
    std::string_view type = row.Get(type_), min_time = row.Get(min_time_);
    if (type == "2" && min_time.empty()) {
      s_.Add(Severity::kWarning, "invalid_min_transfer_time", row.file->name, row.line, "min_transfer_time", "",
             "transfer_type 2 needs a min_transfer_time");
    } else if (type != "2" && !min_time.empty()) {
      s_.Add(Severity::kWarning, "invalid_min_transfer_time", row.file->name, row.line, "min_transfer_time", min_time,
             "min_transfer_time means something only with transfer_type 2");
    }
  }

  bool in_frequencies_ = false;
  std::string frequencies_file_;
  int trip_ = -1, start_ = -1, end_ = -1, headway_ = -1, type_ = -1, min_time_ = -1;
  std::unordered_map<std::string, std::vector<Period>> periods_;
};

}  // namespace

std::unique_ptr<RuleGroup> MakeFrequencyTransferRules(CheckState& state) {
  return std::make_unique<FrequencyTransferRules>(state);
}

}  // namespace recpipe::parse_gtfs::check
