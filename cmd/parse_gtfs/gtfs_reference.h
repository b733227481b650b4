// The files and fields of the GTFS reference (gtfs.org/schedule/reference), each field with the kind of value it
// holds. FieldFor is the one place that turns a kind into a stream type: times are i32 seconds of the service day
// and dates i32 days since 1970-01-01, so that naming their logical types later changes one line per kind.
// Immutable tables: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lib/schema.h"

namespace recpipe::parse_gtfs {

enum class FieldKind : uint8_t {
  kText,     // IDs, names, URLs, colours, timezones, languages: strings
  kEnum,     // enumerations (pickup_type, location_type, ...): i8, empty = null
  kEnum16,   // route_type, whose extended values go past 127: i16
  kInteger,  // counts, sequences, durations in seconds: i32
  kFloat,    // coordinates, distances, prices: f64
  kTime,     // H:MM:SS or HH:MM:SS, may pass 24:00:00: i32 seconds since noon minus 12 h
  kDate,     // YYYYMMDD: i32 days since 1970-01-01
};

struct FieldSpec {
  std::string_view name;
  FieldKind kind;
  bool required;  // the column must be in the file's header
};

struct FileSpec {
  std::string_view name;  // without ".txt"
  bool required;          // the feed must have the file
  std::vector<FieldSpec> fields;
};

// Every file of the reference, in the reference's order.
const std::vector<FileSpec>& GtfsFiles();
// The file's spec by table name ("stops"), or nullptr for a file the reference does not define.
const FileSpec* FindFileSpec(std::string_view table);
// The field's spec in a file, or nullptr for a column the reference does not define there.
const FieldSpec* FindFieldSpec(const FileSpec& file, std::string_view column);

// The stream field for a column of this kind (every GTFS value may be empty, so every field is nullable).
Field FieldFor(std::string_view name, FieldKind kind);
// A header name as the table will have it: spaces and tabs around it dropped, "column_N" (1-based) for an empty one.
std::string ColumnName(std::string_view raw, size_t index);

// "time", "date", "integer", ... for messages and the man page.
std::string_view KindName(FieldKind kind);

}  // namespace recpipe::parse_gtfs
