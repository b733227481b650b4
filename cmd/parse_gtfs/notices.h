// What parsing found wrong, as the `notices` table (--max-errors) and as FILE:LINE messages. Codes follow the
// MobilityData validator's where one fits (invalid_time, invalid_row_length, missing_required_column, ...).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lib/batch_builder.h"
#include "lib/record_sink.h"
#include "lib/schema.h"

namespace recpipe::parse_gtfs {

struct Notice {
  std::string severity = "ERROR";
  std::string code;
  std::string file;     // the file's name in the feed ("stops.txt")
  uint64_t line = 0;    // 1-based line where the row starts; 0 for the whole file
  std::string field;    // column name, empty when the notice is about a row or a file
  std::string value;    // the offending text, as it was (invalid bytes as \xHH)
  std::string message;  // the rest of the explanation
};

// The schema of the notices table.
Schema NoticesSchema();

// Declares the notices table in the sink and writes these notices into it, in their order.
void WriteNoticesTable(const std::vector<Notice>& notices, RecordSink& sink, size_t batch_bytes = kDefaultBatchBytes);

// "FILE:LINE: column 'F': 'VALUE' MESSAGE" (the parts a notice has), prefixed by where the feed is.
std::string NoticeText(const std::string& where, const Notice& n);

// Bytes for a message: printable ASCII and valid UTF-8 as they are, anything else as \xHH; at most 200 bytes.
std::string Printable(std::string_view value);
// The value as it is, cut after 200 bytes ("..." then): for the text of a notice and of an error, whose bytes the
// notices table shows through Printable and an error message through the quoting every message gets (recpipe(7)).
std::string Excerpt(std::string_view value);

}  // namespace recpipe::parse_gtfs
