// Where a command's output goes: standard output for "-", else a file written under a temporary name in the same
// folder and renamed over FILE only by Commit(). An OutputFile destroyed without Commit() — an error, an exception
// unwinding — removes its temporary file, and so does SIGINT, SIGTERM or SIGHUP (InstallSignalCleanup), so a
// failed run never leaves a partial file at the output name. Non-regular targets (/dev/null, a FIFO) are written
// in place. Owned by one thread (the writing stage).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace recpipe {

// An entry of the list of temporary files that SIGINT, SIGTERM and SIGHUP remove (output_file.cc).
using TempSlot = std::atomic<const char*>;

class OutputFile {
 public:
  // Throws DataError naming the path when the temporary file cannot be made.
  explicit OutputFile(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  const std::string& name() const { return name_; }
  // True when writing to a terminal: binary output must not go there.
  bool is_terminal() const { return terminal_; }
  uint64_t bytes_written() const { return written_; }
  // True when the output appears only at Commit (a regular file written under a temporary name); false when
  // every Write reaches the reader at once (standard output, a pipe, a device).
  bool atomic() const { return !temp_.empty(); }
  // The temporary file, for writers that open it by name (SQLite); empty unless atomic().
  const std::string& temp_name() const { return temp_; }

  // Throws DataError ("FILE: No space left on device") or BrokenPipe.
  void Write(std::string_view bytes);
  // For writers that write the temporary file by name (SQLite): bytes_written() becomes the file's size, so that
  // --stats counts what they wrote.
  void CountBytesOfTemporaryFile();
  // Flushes, closes (a failed close is a failure) and renames the temporary file into place.
  void Commit();

 private:
  std::string name_;
  std::string temp_;  // empty when writing in place
  TempSlot* temp_slot_ = nullptr;  // this file's entry in the signal handler's list
  int fd_ = -1;
  bool terminal_ = false;
  bool committed_ = false;
  uint64_t written_ = 0;
};

// Routes SIGINT, SIGTERM and SIGHUP through a handler that removes live temporary outputs and then dies of the
// signal as usual. SIGPIPE is ignored, so a closed pipe surfaces as EPIPE (BrokenPipe). Call once in main.
void InstallSignalCleanup();

}  // namespace recpipe
