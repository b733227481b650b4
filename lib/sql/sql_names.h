// Names and column types as recpipe writes them into SQL (recpipe(7), SQLITE OUTPUT). Pure functions: thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "lib/schema.h"

namespace recpipe {

// name as an SQL identifier: in double quotes, each quote doubled, so that any byte other than NUL stays part of
// the name. Throws DataError for a name with a NUL byte, which SQL text cannot hold.
std::string QuoteSqlName(std::string_view name);

// Rows per multi-row INSERT (fewer when the table has so many columns that SQLite's limit of 32766 parameters
// binds first). Measured with callgrind on 200k stop_times rows: 1 row per statement takes 1.6 times the
// instructions of 64; 256 saves under 1% more.
inline constexpr int kSqliteRowsPerInsert = 64;

// "INSERT INTO table VALUES (?,...),(?,...)": `rows` rows of `columns` parameters each. table is put in as it is
// (quote it with QuoteSqlName when it is not a fixed name).
std::string InsertRowsSql(std::string_view table, size_t columns, int rows);

// The declared column type of a field: INTEGER (integers and bool), REAL, TEXT, BLOB, or for a logical type TIME,
// DATE, TIMESTAMP_S, TIMESTAMP_MS, TIMESTAMP_US, TIMESTAMP_NS (NUMERIC affinity: the integer is stored as it is).
std::string SqlColumnType(const Field& field);

}  // namespace recpipe
