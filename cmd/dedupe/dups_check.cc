#include "cmd/dedupe/dups_check.h"

#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <system_error>

#include "lib/error.h"

namespace recpipe::dedupe {
namespace {

std::optional<struct stat> StatOf(const std::string& path) {
  struct stat st;
  int rc = path == "-" ? ::fstat(1, &st) : ::stat(path.c_str(), &st);
  if (rc != 0) return std::nullopt;
  return st;
}

}  // namespace

void RefuseSameDupsAndOutput(const std::string& dups, const std::string& output) {
  if (dups == "-" && output == "-") {
    throw UsageError(
        "--dups - and the output both go to standard output, where the two streams would mix: give "
        "one of them a file (-o or --dups)");
  }
  bool same = false;
  std::optional<struct stat> a = StatOf(dups), b = StatOf(output);
  if (a && b) {
    same = a->st_dev == b->st_dev && a->st_ino == b->st_ino && !S_ISCHR(a->st_mode);
  } else if (dups != "-" && output != "-") {
    // Not there yet: the same name, however spelled, is the same file.
    std::error_code ec1, ec2;
    std::filesystem::path p1 = std::filesystem::weakly_canonical(dups, ec1);
    std::filesystem::path p2 = std::filesystem::weakly_canonical(output, ec2);
    same = !ec1 && !ec2 && p1 == p2;
  }
  if (same) {
    throw UsageError("--dups " + dups + " is the output too (" + output +
                     "): one would replace the other and the dropped records would be lost");
  }
}

}  // namespace recpipe::dedupe
