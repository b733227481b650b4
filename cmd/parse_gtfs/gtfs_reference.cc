#include "cmd/parse_gtfs/gtfs_reference.h"

namespace recpipe::parse_gtfs {
namespace {

constexpr FieldKind T = FieldKind::kText;
constexpr FieldKind E = FieldKind::kEnum;
constexpr FieldKind E16 = FieldKind::kEnum16;
constexpr FieldKind I = FieldKind::kInteger;
constexpr FieldKind F = FieldKind::kFloat;
constexpr FieldKind TM = FieldKind::kTime;
constexpr FieldKind D = FieldKind::kDate;
constexpr bool R = true;   // required column
constexpr bool O = false;  // optional or conditionally required column

std::vector<FileSpec> MakeFiles() {
  return {
      {"agency",
       true,
       {{"agency_id", T, O},
        {"agency_name", T, R},
        {"agency_url", T, R},
        {"agency_timezone", T, R},
        {"agency_lang", T, O},
        {"agency_phone", T, O},
        {"agency_fare_url", T, O},
        {"agency_email", T, O},
        {"cemv_support", E, O}}},
      {"stops",
       false,  // conditionally required: not when locations.geojson gives the places
       {{"stop_id", T, R},
        {"stop_code", T, O},
        {"stop_name", T, O},
        {"tts_stop_name", T, O},
        {"stop_desc", T, O},
        {"stop_lat", F, O},
        {"stop_lon", F, O},
        {"zone_id", T, O},
        {"stop_url", T, O},
        {"location_type", E, O},
        {"parent_station", T, O},
        {"stop_timezone", T, O},
        {"wheelchair_boarding", E, O},
        {"level_id", T, O},
        {"platform_code", T, O},
        {"stop_access", E, O}}},
      {"routes",
       true,
       {{"route_id", T, R},
        {"agency_id", T, O},
        {"route_short_name", T, O},
        {"route_long_name", T, O},
        {"route_desc", T, O},
        {"route_type", E16, R},
        {"route_url", T, O},
        {"route_color", T, O},
        {"route_text_color", T, O},
        {"route_sort_order", I, O},
        {"continuous_pickup", E, O},
        {"continuous_drop_off", E, O},
        {"network_id", T, O},
        {"cemv_support", E, O}}},
      {"trips",
       true,
       {{"route_id", T, R},
        {"service_id", T, R},
        {"trip_id", T, R},
        {"trip_headsign", T, O},
        {"trip_short_name", T, O},
        {"direction_id", E, O},
        {"block_id", T, O},
        {"shape_id", T, O},
        {"wheelchair_accessible", E, O},
        {"bikes_allowed", E, O},
        {"cars_allowed", E, O}}},
      {"stop_times",
       true,
       {{"trip_id", T, R},
        {"arrival_time", TM, O},
        {"departure_time", TM, O},
        {"stop_id", T, O},
        {"location_group_id", T, O},
        {"location_id", T, O},
        {"stop_sequence", I, R},
        {"stop_headsign", T, O},
        {"start_pickup_drop_off_window", TM, O},
        {"end_pickup_drop_off_window", TM, O},
        {"pickup_type", E, O},
        {"drop_off_type", E, O},
        {"continuous_pickup", E, O},
        {"continuous_drop_off", E, O},
        {"shape_dist_traveled", F, O},
        {"timepoint", E, O},
        {"pickup_booking_rule_id", T, O},
        {"drop_off_booking_rule_id", T, O}}},
      {"calendar",
       false,  // calendar or calendar_dates: at least one
       {{"service_id", T, R},
        {"monday", E, R},
        {"tuesday", E, R},
        {"wednesday", E, R},
        {"thursday", E, R},
        {"friday", E, R},
        {"saturday", E, R},
        {"sunday", E, R},
        {"start_date", D, R},
        {"end_date", D, R}}},
      {"calendar_dates", false, {{"service_id", T, R}, {"date", D, R}, {"exception_type", E, R}}},
      {"fare_attributes",
       false,
       {{"fare_id", T, R},
        {"price", F, R},
        {"currency_type", T, R},
        {"payment_method", E, R},
        {"transfers", E, R},
        {"agency_id", T, O},
        {"transfer_duration", I, O}}},
      {"fare_rules",
       false,
       {{"fare_id", T, R}, {"route_id", T, O}, {"origin_id", T, O}, {"destination_id", T, O}, {"contains_id", T, O}}},
      {"timeframes",
       false,
       {{"timeframe_group_id", T, R}, {"start_time", TM, O}, {"end_time", TM, O}, {"service_id", T, R}}},
      {"rider_categories",
       false,
       {{"rider_category_id", T, R},
        {"rider_category_name", T, O},
        {"is_default_fare_category", E, O},
        {"eligibility_url", T, O}}},
      {"fare_media", false, {{"fare_media_id", T, R}, {"fare_media_name", T, O}, {"fare_media_type", E, R}}},
      {"fare_products",
       false,
       {{"fare_product_id", T, R},
        {"fare_product_name", T, O},
        {"rider_category_id", T, O},
        {"fare_media_id", T, O},
        {"amount", F, R},
        {"currency", T, R}}},
      {"fare_leg_rules",
       false,
       {{"leg_group_id", T, O},
        {"network_id", T, O},
        {"from_area_id", T, O},
        {"to_area_id", T, O},
        {"from_timeframe_group_id", T, O},
        {"to_timeframe_group_id", T, O},
        {"fare_product_id", T, R},
        {"rule_priority", I, O}}},
      {"fare_leg_join_rules",
       false,
       {{"from_network_id", T, R}, {"to_network_id", T, R}, {"from_stop_id", T, O}, {"to_stop_id", T, O}}},
      {"fare_transfer_rules",
       false,
       {{"from_leg_group_id", T, O},
        {"to_leg_group_id", T, O},
        {"transfer_count", I, O},
        {"duration_limit", I, O},
        {"duration_limit_type", E, O},
        {"fare_transfer_type", E, R},
        {"fare_product_id", T, O}}},
      {"areas", false, {{"area_id", T, R}, {"area_name", T, O}}},
      {"stop_areas", false, {{"area_id", T, R}, {"stop_id", T, R}}},
      {"networks", false, {{"network_id", T, R}, {"network_name", T, O}}},
      {"route_networks", false, {{"network_id", T, R}, {"route_id", T, R}}},
      {"shapes",
       false,
       {{"shape_id", T, R},
        {"shape_pt_lat", F, R},
        {"shape_pt_lon", F, R},
        {"shape_pt_sequence", I, R},
        {"shape_dist_traveled", F, O}}},
      {"frequencies",
       false,
       {{"trip_id", T, R}, {"start_time", TM, R}, {"end_time", TM, R}, {"headway_secs", I, R}, {"exact_times", E, O}}},
      {"transfers",
       false,
       {{"from_stop_id", T, O},
        {"to_stop_id", T, O},
        {"from_route_id", T, O},
        {"to_route_id", T, O},
        {"from_trip_id", T, O},
        {"to_trip_id", T, O},
        {"transfer_type", E, R},
        {"min_transfer_time", I, O}}},
      {"pathways",
       false,
       {{"pathway_id", T, R},
        {"from_stop_id", T, R},
        {"to_stop_id", T, R},
        {"pathway_mode", E, R},
        {"is_bidirectional", E, R},
        {"length", F, O},
        {"traversal_time", I, O},
        {"stair_count", I, O},
        {"max_slope", F, O},
        {"min_width", F, O},
        {"signposted_as", T, O},
        {"reversed_signposted_as", T, O}}},
      {"levels", false, {{"level_id", T, R}, {"level_index", F, R}, {"level_name", T, O}}},
      {"location_groups", false, {{"location_group_id", T, R}, {"location_group_name", T, O}}},
      {"location_group_stops", false, {{"location_group_id", T, R}, {"stop_id", T, R}}},
      {"booking_rules",
       false,
       {{"booking_rule_id", T, R},
        {"booking_type", E, R},
        {"prior_notice_duration_min", I, O},
        {"prior_notice_duration_max", I, O},
        {"prior_notice_last_day", I, O},
        {"prior_notice_last_time", TM, O},
        {"prior_notice_start_day", I, O},
        {"prior_notice_start_time", TM, O},
        {"prior_notice_service_id", T, O},
        {"message", T, O},
        {"pickup_message", T, O},
        {"drop_off_message", T, O},
        {"phone_number", T, O},
        {"info_url", T, O},
        {"booking_url", T, O}}},
      // Both forms: current (table_name, field_name, language, ...) and legacy (trans_id, lang, translation).
      {"translations",
       false,
       {{"table_name", T, O},
        {"field_name", T, O},
        {"language", T, O},
        {"translation", T, R},
        {"record_id", T, O},
        {"record_sub_id", T, O},
        {"field_value", T, O},
        {"trans_id", T, O},
        {"lang", T, O}}},
      {"feed_info",
       false,
       {{"feed_publisher_name", T, R},
        {"feed_publisher_url", T, R},
        {"feed_lang", T, R},
        {"default_lang", T, O},
        {"feed_start_date", D, O},
        {"feed_end_date", D, O},
        {"feed_version", T, O},
        {"feed_contact_email", T, O},
        {"feed_contact_url", T, O}}},
      {"attributions",
       false,
       {{"attribution_id", T, O},
        {"agency_id", T, O},
        {"route_id", T, O},
        {"trip_id", T, O},
        {"organization_name", T, R},
        {"is_producer", E, O},
        {"is_operator", E, O},
        {"is_authority", E, O},
        {"attribution_url", T, O},
        {"attribution_email", T, O},
        {"attribution_phone", T, O}}},
  };
}

}  // namespace

const std::vector<FileSpec>& GtfsFiles() {
  static const std::vector<FileSpec> files = MakeFiles();
  return files;
}

const FileSpec* FindFileSpec(std::string_view table) {
  for (const FileSpec& f : GtfsFiles()) {
    if (f.name == table) return &f;
  }
  return nullptr;
}

const FieldSpec* FindFieldSpec(const FileSpec& file, std::string_view column) {
  for (const FieldSpec& f : file.fields) {
    if (f.name == column) return &f;
  }
  return nullptr;
}

Field FieldFor(std::string_view name, FieldKind kind) {
  Field field{std::string(name), Type::kString, true};
  switch (kind) {
    case FieldKind::kText: field.type = Type::kString; break;
    case FieldKind::kEnum: field.type = Type::kI8; break;
    case FieldKind::kEnum16: field.type = Type::kI16; break;
    case FieldKind::kInteger: field.type = Type::kI32; break;
    case FieldKind::kFloat: field.type = Type::kF64; break;
    case FieldKind::kTime:  // seconds since noon minus 12 h; --to text writes HH:MM:SS, 25:10:00 as it is
      field.type = Type::kI32;
      field.logical = {Logical::kTime};
      break;
    case FieldKind::kDate:  // days since 1970-01-01; --to text writes YYYY-MM-DD
      field.type = Type::kI32;
      field.logical = {Logical::kDate};
      break;
  }
  return field;
}

std::string ColumnName(std::string_view raw, size_t index) {
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
  if (raw.empty()) return "column_" + std::to_string(index + 1);
  return std::string(raw);
}

std::string_view KindName(FieldKind kind) {
  switch (kind) {
    case FieldKind::kText: return "text";
    case FieldKind::kEnum: return "enumeration";
    case FieldKind::kEnum16: return "enumeration";
    case FieldKind::kInteger: return "integer";
    case FieldKind::kFloat: return "number";
    case FieldKind::kTime: return "time";
    case FieldKind::kDate: return "date";
  }
  return "value";
}

}  // namespace recpipe::parse_gtfs
