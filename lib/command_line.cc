#include "lib/command_line.h"

#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <iostream>
#include <thread>

#include "lib/error.h"
#include "lib/split_list.h"
#include "lib/version.h"

namespace po = boost::program_options;

namespace recpipe {
namespace {

// The common options of recpipe(7), each defined once: --help shows this text, and tests/cli/common_help.sh
// checks the COMMON OPTIONS of recpipe(7) and the Common options of every command's page against it (the
// bracketed defaults and limits word for word).
void AddCommonOptions(po::options_description& d, BadRows bad_rows) {
  // clang-format off
  d.add_options()
    ("help,h", "show this help and exit")
    ("version", "show the version and exit")
    ("threads,j", po::value<std::string>()->value_name("N"), "worker threads [all cores; at most 1024]")
    ("output,o", po::value<std::string>()->value_name("FILE"),
     "write to FILE, atomically (temporary name, renamed on success) [-: standard output]")
    ("to", po::value<std::string>()->value_name("FORM"),
     "output form: rec, tsv, csv, jsonl, rpk (a pack container) or sqlite (a database) [rec; rpk for -o *.rpk, "
     "sqlite for -o *.sqlite; tsv on a terminal]")
    ("progress", "show progress on standard error, also when it is not a terminal "
     "[on when it is a terminal and the input size is known]")
    ("no-progress", "never show progress")
    ("quiet,q", "no warnings and no progress")
    ("stats", po::value<std::string>()->value_name("FILE"),
     "write run statistics as JSON to FILE (records and bytes in and out, seconds, peak memory) "
     "[-: standard error]");
  if (bad_rows == BadRows::kSkippable) {
    d.add_options()("max-errors", po::value<std::string>()->value_name("N"),
                    "skip and count up to N bad rows; one more is fatal [0]");
  } else {
    d.add_options()("max-errors", po::value<std::string>()->value_name("N"),
                    "has no effect: record streams and containers have no bad rows to skip");
  }
  // clang-format on
}

}  // namespace

CommandLine::CommandLine(std::string name, std::string synopsis, std::string summary, BadRows bad_rows)
    : name_(std::move(name)),
      synopsis_(std::move(synopsis)),
      summary_(std::move(summary)),
      bad_rows_(bad_rows),
      own_("Options", 100, 50),
      common_desc_("Common options (recpipe(7))", 100, 50) {
  AddCommonOptions(common_desc_, bad_rows_);
}

bool CommandLine::Parse(int argc, char** argv) {
  po::options_description all;
  all.add(own_).add(common_desc_);
  all.add_options()("input", po::value<std::vector<std::string>>(), "input");
  po::positional_options_description positional;
  positional.add("input", -1);
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm_);
    po::notify(vm_);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  if (vm_.count("help")) {
    std::cout << "Usage: " << name_ << " " << synopsis_ << "\n" << summary_ << "\n\n"
              << own_ << "\n" << common_desc_ << "\nSee " << name_ << "(1) and recpipe(7).\n";
    return false;
  }
  if (vm_.count("version")) {
    std::cout << name_ << " (recpipe) " << kVersion << "\n";
    return false;
  }
  unsigned cores = std::thread::hardware_concurrency();
  common_.threads = cores == 0 ? 1 : static_cast<int>(cores);
  if (vm_.count("threads")) {
    common_.threads = static_cast<int>(ParseCount(vm_["threads"].as<std::string>(), "--threads", 1, 1024));
  }
  if (vm_.count("output")) common_.output = vm_["output"].as<std::string>();
  if (vm_.count("to")) {
    std::string to = vm_["to"].as<std::string>();
    common_.to = ParseOutputForm(to);
    if (!common_.to) throw UsageError("--to takes rec, tsv, csv, jsonl, rpk or sqlite, not '" + to + "'");
  }
  if (vm_.count("progress") && vm_.count("no-progress")) throw UsageError("--progress and --no-progress conflict");
  if (vm_.count("progress")) common_.progress = true;
  if (vm_.count("no-progress")) common_.progress = false;
  common_.quiet = vm_.count("quiet") != 0;
  if (vm_.count("stats")) common_.stats_file = vm_["stats"].as<std::string>();
  if (vm_.count("max-errors")) {
    common_.max_errors = ParseCount(vm_["max-errors"].as<std::string>(), "--max-errors", 0, UINT64_MAX);
  }
  if (vm_.count("input")) common_.inputs = vm_["input"].as<std::vector<std::string>>();
  return true;
}

OutputForm ResolveOutputForm(const CommonOptions& options, bool output_is_terminal) {
  return ResolveOutputForm(options.to, options.output, output_is_terminal);
}

OutputForm ResolveOutputForm(std::optional<OutputForm> to, const std::string& output, bool output_is_terminal) {
  if (!to && output.size() > 4 && output.compare(output.size() - 4, 4, ".rpk") == 0) to = OutputForm::kPack;
  if (!to && output.size() > 7 && output.compare(output.size() - 7, 7, ".sqlite") == 0) to = OutputForm::kSqlite;
  if (to == OutputForm::kSqlite && output == "-") {
    throw UsageError("--to sqlite writes a database file, not standard output: give -o NAME");
  }
  if (to) {
    if ((*to == OutputForm::kRec || *to == OutputForm::kPack) && output_is_terminal) {
      throw UsageError("refusing to write binary records to a terminal (use -o FILE, a pipe, or --to tsv)");
    }
    return *to;
  }
  return output_is_terminal ? OutputForm::kTsv : OutputForm::kRec;
}

uint64_t ParseCount(const std::string& text, const char* option, uint64_t min, uint64_t max) {
  bool digits = !text.empty() && text.size() <= 20 &&
                text.find_first_not_of("0123456789") == std::string::npos;
  uint64_t n = 0;
  if (digits) {
    try {
      n = std::stoull(text);
    } catch (const std::exception&) {
      digits = false;
    }
  }
  if (!digits || n < min || n > max) {
    throw UsageError(std::string(option) + " takes a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", not '" + text + "'");
  }
  return n;
}

std::vector<std::string> ParseFieldList(const std::string& text, const char* option) {
  std::vector<std::string> names = SplitList(text, ',');
  for (const std::string& name : names) {
    if (name.empty()) throw UsageError(std::string(option) + ": an empty field name");
  }
  return names;
}

std::string SizeText(uint64_t bytes) {
  const char* units = "kMGT";
  int u = -1;
  while (u < 3 && bytes != 0 && bytes % 1024 == 0) {
    bytes /= 1024;
    ++u;
  }
  return std::to_string(bytes) + (u < 0 ? "" : std::string(1, units[u]));
}

uint64_t ParseSize(const std::string& text, const char* option, uint64_t min, uint64_t max) {
  auto refuse = [&]() {
    std::string range = max != UINT64_MAX ? " from " + SizeText(min) + " to " + SizeText(max)
                        : min != 0        ? " of at least " + SizeText(min)
                                          : "";
    std::vector<std::string> fit;
    for (const char* e : {"64k", "1M", "1G"}) {
      uint64_t v = ParseSize(e, option);
      if (v >= min && v <= max) fit.push_back(e);
    }
    std::string examples;
    for (size_t i = 0; i < fit.size(); ++i) {
      examples += (i == 0 ? "" : i + 1 == fit.size() ? " or " : ", ") + fit[i];
    }
    throw UsageError(std::string(option) + " takes a size" + range +
                     (examples.empty() ? "" : " (such as " + examples + ")") + ", not '" + text + "'");
  };
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) refuse();
  size_t pos = 0;
  uint64_t n = 0;
  try {
    n = std::stoull(text, &pos);
  } catch (const std::exception&) {
    refuse();
  }
  std::string unit = text.substr(pos);
  int shift = 0;
  if (unit != "" && unit != "b" && unit != "B") {
    const std::string units = "kmgt";
    size_t u = units.find(static_cast<char>(std::tolower(static_cast<unsigned char>(unit[0]))));
    if (u == std::string::npos || (unit.size() > 1 && unit.substr(1) != "B" && unit.substr(1) != "iB")) refuse();
    shift = static_cast<int>(10 * (u + 1));
  }
  if (n > (UINT64_MAX >> shift)) refuse();
  n <<= shift;
  if (n < min || n > max) refuse();
  return n;
}

}  // namespace recpipe
