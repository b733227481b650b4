#include "lib/sql/sql_names.h"

#include "lib/error.h"

namespace recpipe {

std::string QuoteSqlName(std::string_view name) {
  if (name.find('\0') != std::string_view::npos) {
    throw DataError("the name '" + std::string(name.substr(0, name.find('\0'))) +
                    "\\0...' has a NUL byte, which an SQL name cannot hold");
  }
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  out += '"';
  return out;
}

std::string InsertRowsSql(std::string_view table, size_t columns, int rows) {
  std::string row = "(";
  for (size_t i = 0; i < columns; ++i) row += i ? ",?" : "?";
  row += ")";
  std::string sql = "INSERT INTO " + std::string(table) + " VALUES " + row;
  for (int r = 1; r < rows; ++r) sql += "," + row;
  return sql;
}

std::string SqlColumnType(const Field& field) {
  switch (field.logical.kind) {
    case Logical::kTime: return "TIME";
    case Logical::kDate: return "DATE";
    case Logical::kTimestamp: {
      static constexpr const char* kTypes[] = {"TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_US", "TIMESTAMP_NS"};
      return kTypes[static_cast<int>(field.logical.unit)];
    }
    case Logical::kNone: break;
  }
  if (IsFloat(field.type)) return "REAL";
  if (field.type == Type::kString) return "TEXT";
  if (field.type == Type::kBytes) return "BLOB";
  return "INTEGER";
}

}  // namespace recpipe
