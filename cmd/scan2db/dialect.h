// Which dialect a listing is in, from its first lines: the first line that is not blank, a '#' header or an
// "[I]" log line is tried with each parser in turn (key=value, escaped, default), and the first that accepts it
// names the dialect. '#' header lines alone mean the escaped dialect; "[I]" lines alone the key=value one.
#pragma once
#include <optional>
#include <string_view>

#include "cmd/scan2db/line_parser.h"

namespace recpipe::scan2db {

// head: the start of the content (whole lines; a cut last line is ignored). nullopt when no line fits any dialect.
std::optional<Dialect> DetectDialect(std::string_view head);

// "keyvalue", "escaped" or "default"; nullopt for other text.
std::optional<Dialect> DialectFromName(std::string_view name);

// From an escaped listing's "# generated: YYYY-MM-DDTHH:MM:SSZ" header: the scan's date-time, if present.
std::optional<int64_t> GeneratedTime(std::string_view head);

}  // namespace recpipe::scan2db
