// Holds dedupe's --index for one whole run, so that of two runs on the same index the first wins and the second
// sees its keys: an exclusive flock(2) on a side file FILE.sqlite.lock (not the database itself: closing another
// descriptor of the database would drop SQLite's own POSIX locks). The kernel releases the lock when the process
// ends in any way, kill -9 included, so a dead run never leaves the index locked. The file holds the holder's pid,
// for the message of a run that waits. One owner; released by the destructor.
#pragma once

#include <string>

namespace recpipe::dedupe {

class IndexLock {
 public:
  // Takes the lock of the index at `index_path`. When another process holds it: with `wait`, says so on standard
  // error (unless `quiet`) and waits; without, throws DataError naming the index and the holder.
  IndexLock(const std::string& index_path, bool wait, bool quiet);
  ~IndexLock();
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string Holder() const;  // " (pid N)" or ""

  std::string index_;
  std::string path_;
  int fd_ = -1;
};

}  // namespace recpipe::dedupe
