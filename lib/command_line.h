// The command line every recpipe command shares: the common options of recpipe(7), defined once here so that they
// mean the same everywhere, plus each command's own options (Boost.ProgramOptions). Used on the main thread only.
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lib/text_format.h"

namespace recpipe {

struct CommonOptions {
  int threads = 1;                  // -j; defaults to all cores
  std::string output = "-";         // -o
  std::optional<OutputForm> to;     // --to as given; see ResolveOutputForm
  std::optional<bool> progress;     // --progress / --no-progress as given
  bool quiet = false;               // -q
  std::string stats_file;           // --stats
  uint64_t max_errors = 0;          // --max-errors
  std::vector<std::string> inputs;  // positional
};

// Whether a command reads rows that can be bad and skipped under --max-errors (text), or record streams only,
// which have none: such a command accepts --max-errors, so that scripts can pass the common options to any
// command, and its --help says that it has no effect.
enum class BadRows { kSkippable, kNone };

class CommandLine {
 public:
  // synopsis: "[OPTIONS] [INPUT]"; summary: one line on what the command does.
  CommandLine(std::string name, std::string synopsis, std::string summary, BadRows bad_rows = BadRows::kSkippable);

  // The command's own options, shown before the common ones in --help.
  boost::program_options::options_description& own() { return own_; }
  // Parses argv. Returns false when --help or --version was answered (exit 0). Throws UsageError.
  bool Parse(int argc, char** argv);

  const CommonOptions& common() const { return common_; }
  const boost::program_options::variables_map& vm() const { return vm_; }
  bool has(const char* option) const { return vm_.count(option) && !vm_[option].defaulted(); }
  const std::string& name() const { return name_; }

 private:
  std::string name_, synopsis_, summary_;
  BadRows bad_rows_;
  boost::program_options::options_description own_;
  boost::program_options::options_description common_desc_;
  boost::program_options::variables_map vm_;
  CommonOptions common_;
};

// The output form to use: --to if given, else a pack container when the output's name ends in ".rpk", an SQLite
// database when it ends in ".sqlite" (never standard output), else a record stream, or TSV when the output is a
// terminal (binary forms are refused there).
OutputForm ResolveOutputForm(const CommonOptions& options, bool output_is_terminal);
// The same for an output other than -o (--dups, a partition): its own name, the command's --to.
OutputForm ResolveOutputForm(std::optional<OutputForm> to, const std::string& output, bool output_is_terminal);

// A whole number in [min, max], digits only (Boost would wrap "-1" into a huge unsigned). Throws UsageError.
uint64_t ParseCount(const std::string& text, const char* option, uint64_t min, uint64_t max);

// "a,b,c": field names separated by commas, as -k and --index-field take them. An empty name (",a", "a,,b") is a
// UsageError naming the option.
std::vector<std::string> ParseFieldList(const std::string& text, const char* option);

// "64k", "1M", "2G" (powers of 1024) or plain bytes, from min to max. Throws UsageError naming the option and
// the sizes it takes; a size too large for 64 bits is out of range, never wrapped.
uint64_t ParseSize(const std::string& text, const char* option, uint64_t min = 0, uint64_t max = UINT64_MAX);
// A size as ParseSize reads it, in the largest unit that divides it: "256M", "48M", "512k", "1000".
std::string SizeText(uint64_t bytes);

}  // namespace recpipe
