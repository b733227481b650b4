// The errors every command reports, and the exit codes they map to (recpipe(7)):
// 0 success, 1 bad data or failed I/O, 2 bad usage. Expected outcomes (end of input, a bad row skipped under
// --max-errors) are return values, not exceptions. The entry point (run_command.h) turns these into
// "NAME: error: MESSAGE" and the exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace recpipe {

inline constexpr int kExitOk = 0;
inline constexpr int kExitDataError = 1;
inline constexpr int kExitUsage = 2;

// Bad data or failed I/O. The message names the file and line or byte offset where one applies.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The command line is wrong.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An upstream tool failed and said so in an error frame; its message is passed on as it stands.
class UpstreamError : public DataError {
 public:
  using DataError::DataError;
};

// The reader of our output went away (EPIPE): the command stops quietly.
class BrokenPipe : public std::exception {
 public:
  const char* what() const noexcept override { return "broken pipe"; }
};

// "WHAT: strerror(errnum)", thrown as a DataError; EPIPE becomes BrokenPipe.
[[noreturn]] void ThrowSystemError(const std::string& what, int errnum);

}  // namespace recpipe
