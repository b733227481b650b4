// Latin-1 (ISO 8859-1) text to UTF-8, for feeds read with --encoding latin1. Every byte is a character there, so
// any text converts; ASCII bytes (the CSV syntax) stay where they are relative to each other. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace recpipe::parse_gtfs {

// Replaces *out with text converted to UTF-8.
void Latin1ToUtf8(std::string_view text, std::string* out);

}  // namespace recpipe::parse_gtfs
