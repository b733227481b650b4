// The errors every command reports, and the exit codes they map to (recpipe(7)):
// 0 success, 1 bad data or failed I/O, 2 bad usage. Expected outcomes (end of input, a bad row skipped under
// --max-errors) are return values, not exceptions. The entry point (run_command.h) turns these into
// "NAME: error: MESSAGE" and the exit code.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

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

// A message as it may be shown on a terminal: one printable line, whatever bytes the data put into it (a file
// name, a value, an upstream ERROR frame's text). Control characters (C0, DEL and the C1 range U+0080..U+009F)
// and bytes that are not valid UTF-8 become \xHH (lower-case hex), each byte on its own; valid UTF-8 stays as it
// is. A backslash is written \x5c where an x follows it, so that every "\x" of the result starts a quoted byte
// and the quoting can be undone, while a lone backslash ("C:\dir", "\t") stays readable. recpipe(7), DIAGNOSTICS.
std::string PrintableMessage(std::string_view text);

}  // namespace recpipe
