// --count under --memory: how many records had each key, kept on disk instead of in a hash map (about 60 bytes a
// key in memory). A private temporary SQLite database (deleted when closed) holds (fingerprint, count); each group
// of batches adds its keys' counts at once, summed and sorted first, in one transaction. One owner, one thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <vector>

#include "cmd/dedupe/temp_database.h"
#include "lib/fingerprint_set.h"

namespace recpipe::dedupe {

class CountStore {
 public:
  CountStore();
  CountStore(const CountStore&) = delete;
  CountStore& operator=(const CountStore&) = delete;

  // Counts one record for each of fps (a fingerprint may repeat). Reorders fps.
  void Add(std::vector<Fingerprint>* fps);
  // How many records had fp (0 for a key never added).
  uint64_t Count(const Fingerprint& fp);

 private:
  TempDatabase db_;
  sqlite3_stmt* add_ = nullptr;
  sqlite3_stmt* get_ = nullptr;
};

}  // namespace recpipe::dedupe
