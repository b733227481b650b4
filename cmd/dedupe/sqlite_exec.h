// Running SQL that returns no rows, for dedupe's SQLite databases (the index, its tables, the temporary stores).
#pragma once

#include <sqlite3.h>

#include <string>

#include "lib/error.h"

namespace recpipe::dedupe {

// Runs sql on db; a failure is a DataError "<where>: <SQLite's message>".
inline void SqliteExec(sqlite3* db, const std::string& sql, const std::string& where) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string why = err ? err : "error";
    sqlite3_free(err);
    throw DataError(where + ": " + why);
  }
}

}  // namespace recpipe::dedupe
