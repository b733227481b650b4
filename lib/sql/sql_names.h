// Names and column types as recpipe writes them into SQL (recpipe(7), SQLITE OUTPUT). Pure functions: thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "lib/schema.h"

namespace recpipe {

// name as an SQL identifier: in double quotes, each quote doubled, so that any byte other than NUL stays part of
// the name. Throws DataError for a name with a NUL byte, which SQL text cannot hold.
std::string QuoteSqlName(std::string_view name);

// The declared column type of a field: INTEGER (integers and bool), REAL, TEXT, BLOB, or for a logical type TIME,
// DATE, TIMESTAMP_S, TIMESTAMP_MS, TIMESTAMP_US, TIMESTAMP_NS (NUMERIC affinity: the integer is stored as it is).
std::string SqlColumnType(const Field& field);

}  // namespace recpipe
