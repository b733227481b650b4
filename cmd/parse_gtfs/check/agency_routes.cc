// agency.txt and routes.txt: time zones agreeing between agencies, agency_id where several agencies make it
// required, and the route names, types and colours the best practices ask for.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "cmd/parse_gtfs/check/check_state.h"

namespace recpipe::parse_gtfs::check {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Rec. 601 luma of a colour "RRGGBB", 0 to 255.
double Luma(std::string_view hex) {
  auto byte = [&](size_t i) { return std::stoi(std::string(hex.substr(i, 2)), nullptr, 16); };
  return 0.299 * byte(0) + 0.587 * byte(2) + 0.114 * byte(4);
}

bool IsColor(std::string_view v) {
  return v.size() == 6 && std::all_of(v.begin(), v.end(), [](char c) { return std::isxdigit((unsigned char)c); });
}

// route_type: the basic types and the extended ones (Google's Hierarchical Vehicle Types).
bool IsBasicRouteType(int64_t t) { return (t >= 0 && t <= 7) || t == 11 || t == 12; }
bool IsExtendedRouteType(int64_t t) { return t >= 100 && t <= 1702; }

class AgencyRouteRules : public RuleGroup {
 public:
  using RuleGroup::RuleGroup;

  bool BeginFile(const FileView& f) override {
    file_ = &f;
    if (f.table == "agency") {
      id_ = f.Column("agency_id");
      zone_ = f.Column("agency_timezone");
      return true;
    }
    if (f.table == "routes") {
      id_ = f.Column("route_id");
      agency_ = f.Column("agency_id");
      short_ = f.Column("route_short_name");
      long_ = f.Column("route_long_name");
      desc_ = f.Column("route_desc");
      type_ = f.Column("route_type");
      color_ = f.Column("route_color");
      text_color_ = f.Column("route_text_color");
      return true;
    }
    if (f.table == "fare_attributes") {
      agency_ = f.Column("agency_id");
      return true;
    }
    return false;
  }

  void Row(const RowView& row) override {
    if (file_->table == "agency") return AgencyRow(row);
    if (file_->table == "routes") return RouteRow(row);
    // fare_attributes: agency_id is required when the feed has several agencies.
    if (agencies_ > 1 && row.Get(agency_).empty()) {
      s_.Add(Severity::kError, "missing_required_field", row.file->name, row.line, "agency_id", "",
             "agency_id is required when the feed has several agencies");
    }
  }

  void EndFile(const FileView& f) override {
    if (f.table != "agency" || agencies_ < 2) return;
    for (uint64_t line : agencies_without_id_) {
      s_.Add(Severity::kError, "missing_required_field", f.name, line, "agency_id", "",
             "agency_id is required when the feed has several agencies");
    }
  }

 private:
  void AgencyRow(const RowView& row) {
    ++agencies_;
    if (row.Get(id_).empty()) agencies_without_id_.push_back(row.line);
    std::string_view zone = row.Get(zone_);
    if (zone.empty()) return;
    if (first_zone_.empty()) {
      first_zone_ = zone;
    } else if (zone != first_zone_) {
      s_.Add(Severity::kError, "inconsistent_agency_timezone", row.file->name, row.line, "agency_timezone", zone,
             "'" + Excerpt(zone) + "' differs from the first agency's time zone '" + first_zone_ + "'");
    }
  }

  void RouteRow(const RowView& row) {
    const std::string& file = row.file->name;
    if (row.Get(agency_).empty()) {
      if (agencies_ > 1) {
        s_.Add(Severity::kError, "missing_required_field", file, row.line, "agency_id", "",
               "agency_id is required when the feed has several agencies");
      } else {
        s_.Add(Severity::kWarning, "missing_recommended_field", file, row.line, "agency_id", "",
               "agency_id is recommended even with a single agency");
      }
    }
    std::string_view sn = row.Get(short_), ln = row.Get(long_), desc = row.Get(desc_);
    if (sn.empty() && ln.empty()) {
      s_.Add(Severity::kError, "route_both_short_and_long_name_missing", file, row.line, "route_short_name", "",
             "the route has neither a short nor a long name");
    }
    if (sn.size() > 12) {
      s_.Add(Severity::kWarning, "route_short_name_too_long", file, row.line, "route_short_name", sn,
             "the short name has more than 12 characters");
    }
    if (!sn.empty() && !ln.empty() && Lower(ln).starts_with(Lower(sn))) {
      s_.Add(Severity::kWarning, "route_long_name_contains_short_name", file, row.line, "route_long_name", ln,
             "the long name starts with the short name '" + Excerpt(sn) + "'");
    }
    if (!desc.empty() && (Lower(desc) == Lower(sn) || Lower(desc) == Lower(ln))) {
      s_.Add(Severity::kWarning, "same_name_and_description_for_route", file, row.line, "route_desc", desc,
             "route_desc repeats the route's name");
    }
    for (auto [name, value] : {std::pair{"route_short_name", sn}, std::pair{"route_long_name", ln}}) {
      if (value.find_first_of("_\\%#@") != std::string_view::npos) {
        s_.Add(Severity::kWarning, "route_name_invalid_characters", file, row.line, name, value,
               "the name holds a character the best practices advise against (_ \\ % # @)");
      }
    }
    std::string_view type = row.Get(type_);
    int64_t t;
    if (ParseInt(type, &t)) {
      if (IsExtendedRouteType(t)) {
        s_.Add(Severity::kWarning, "extended_route_type", file, row.line, "route_type", type,
               "an extended route type, which many consumers do not support");
      } else if (!IsBasicRouteType(t)) {
        s_.Add(Severity::kWarning, "unexpected_enum_value", file, row.line, "route_type", type,
               "not a route type of the reference");
      }
    }
    // duplicate_route_name: the same names for the same agency and route type.
    std::string key = std::string(row.Get(agency_)) + '\x1f' + std::string(type) + '\x1f' + std::string(sn) + '\x1f' +
                      std::string(ln);
    if (!names_.insert(key).second) {
      s_.Add(Severity::kWarning, "duplicate_route_name", file, row.line,
             ln.empty() ? "route_short_name" : "route_long_name", ln.empty() ? sn : ln,
             "another route of the same agency and type has the same names");
    }
    std::string_view color = row.Get(color_), text = row.Get(text_color_);
    if (IsColor(color) && IsColor(text) && std::fabs(Luma(color) - Luma(text)) < 72) {
      s_.Add(Severity::kWarning, "route_color_contrast", file, row.line, "route_text_color", text,
             "route_text_color and route_color '" + std::string(color) + "' differ too little in brightness");
    }
  }

  const FileView* file_ = nullptr;
  int id_ = -1, zone_ = -1, agency_ = -1, short_ = -1, long_ = -1, desc_ = -1, type_ = -1, color_ = -1,
      text_color_ = -1;
  uint64_t agencies_ = 0;
  std::vector<uint64_t> agencies_without_id_;
  std::string first_zone_;
  std::set<std::string> names_;
};

}  // namespace

std::unique_ptr<RuleGroup> MakeAgencyRouteRules(CheckState& state) { return std::make_unique<AgencyRouteRules>(state); }

}  // namespace recpipe::parse_gtfs::check
