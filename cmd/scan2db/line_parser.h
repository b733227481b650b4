// The line parsers of the three listing dialects (scan2db(1) DIALECTS), one file each, behind one entry point.
// Each takes one line without its line feed and fills a ScanEntry; header and log lines are skipped, anything
// else that does not fit is an error with a message (the caller adds FILE:LINE). Pure functions: safe to call
// from any thread with its own scratch buffer.
#pragma once
#include <string>
#include <string_view>

#include "cmd/scan2db/scan_entry.h"

namespace recpipe::scan2db {

enum class Dialect : uint8_t { kKeyValue, kEscaped, kDefault };

enum class LineStatus : uint8_t { kEntry, kSkip, kError };

// scratch holds decoded text the entry's views may point into; it is overwritten by the next call.
// On kError, *error says what is wrong (a static string).
LineStatus ParseKeyValueLine(std::string_view line, ScanEntry* entry, const char** error);
LineStatus ParseEscapedLine(std::string_view line, ScanEntry* entry, std::string* scratch, const char** error);
LineStatus ParseDefaultLine(std::string_view line, ScanEntry* entry, const char** error);

LineStatus ParseLine(Dialect dialect, std::string_view line, ScanEntry* entry, std::string* scratch,
                     const char** error);

// "keyvalue", "escaped", "default".
const char* DialectName(Dialect dialect);

}  // namespace recpipe::scan2db
