// The key=value dialect (the policy of the tool users have today):
//   <T> INODE GEN SNAPID  s=.. a=.. u=.. g=.. m=.. p=.. ac=YYYY-MM-DD HH:MM:SS mt=.. cr=.. nl=.. -- /path
// after "[I] ..." log lines. The path is not escaped and may itself contain " -- ", so the SHOW fields are read
// one by one first and the path is everything after the "-- " that follows the last of them.
#include "cmd/scan2db/line_fields.h"
#include "cmd/scan2db/line_parser.h"
#include "cmd/scan2db/scan_time.h"

namespace recpipe::scan2db {
namespace {

constexpr size_t kDateTimeLength = 19;  // "YYYY-MM-DD HH:MM:SS"

// A date-time value: 19 characters, then an optional fraction up to the next space.
std::string_view TakeDateTime(std::string_view* rest) {
  if (rest->size() < kDateTimeLength) {
    std::string_view all = *rest;
    rest->remove_prefix(rest->size());
    return all;
  }
  size_t end = kDateTimeLength;
  if (end < rest->size() && (*rest)[end] == '.') {
    while (end < rest->size() && (*rest)[end] != ' ') ++end;
  }
  std::string_view value = rest->substr(0, end);
  rest->remove_prefix(end);
  if (!rest->empty()) rest->remove_prefix(1);  // the space after it
  return value;
}

}  // namespace

LineStatus ParseKeyValueLine(std::string_view line, ScanEntry* e, const char** error) {
  if (line.empty() || line.front() == '[') return LineStatus::kSkip;  // blank, or an "[I] ..." log line
  *e = ScanEntry{};
  if (line.front() == '<') {  // "<T> ": the policy thread that wrote the line
    size_t close = line.find("> ");
    uint64_t thread = 0;
    if (close == std::string_view::npos || !ParseNumber(line.substr(1, close - 1), UINT64_MAX, &thread)) {
      *error = "malformed <thread> prefix";
      return LineStatus::kError;
    }
    line.remove_prefix(close + 2);
  }
  if ((*error = ReadRecordHead(&line, &e->inode, &e->gen))) return LineStatus::kError;

  enum : unsigned { kS = 1, kA = 2, kU = 4, kG = 8, kP = 16, kAc = 32, kMt = 64, kCr = 128, kNl = 256 };
  unsigned seen = 0;
  for (;;) {
    if (line.size() >= 3 && line.substr(0, 3) == "-- ") {
      line.remove_prefix(3);
      break;
    }
    // The key: up to the first '=', which must come before any space (keys are short: a loop, not two memchr).
    size_t eq = 0;
    while (eq < line.size() && line[eq] != '=' && line[eq] != ' ') ++eq;
    if (eq == line.size() || line[eq] != '=' || eq == 0) {
      *error = "expected KEY=VALUE fields and then '-- PATH'";
      return LineStatus::kError;
    }
    std::string_view key = line.substr(0, eq);
    line.remove_prefix(eq + 1);
    if (key == "ac" || key == "mt" || key == "cr") {
      std::string_view value = TakeDateTime(&line);
      int64_t* target = key == "ac" ? &e->atime_us : key == "mt" ? &e->mtime_us : &e->ctime_us;
      if (!ParseScanTime(value, target)) {
        *error = "a time field (ac=, mt=, cr=) is not YYYY-MM-DD HH:MM:SS";
        return LineStatus::kError;
      }
      seen |= key == "ac" ? kAc : key == "mt" ? kMt : kCr;
      continue;
    }
    std::string_view value = NextToken(&line);
    uint64_t number = 0;
    if (key == "s" || key == "a" || key == "nl") {
      // a= is in KiB: the product must still fit.
      uint64_t max = key == "a" ? UINT64_MAX / 1024 : UINT64_MAX;
      if (!ParseNumber(value, max, &number)) {
        *error = key == "s"   ? "s= is not a size in bytes"
                 : key == "a" ? "a= is not a size in KiB"
                              : "nl= is not a link count";
        return LineStatus::kError;
      }
      if (key == "s") e->size = number, seen |= kS;
      if (key == "a") e->allocated = number * 1024, seen |= kA;
      if (key == "nl") e->nlink = number, seen |= kNl;
    } else if (key == "u" || key == "g") {
      if (!ParseNumber(value, UINT32_MAX, &number)) {
        *error = key == "u" ? "u= is not a user id" : "g= is not a group id";
        return LineStatus::kError;
      }
      (key == "u" ? e->uid : e->gid) = static_cast<uint32_t>(number);
      seen |= key == "u" ? kU : kG;
    } else if (key == "p") {
      if (value.empty()) {
        *error = "p= is empty";
        return LineStatus::kError;
      }
      e->mode = value;
      seen |= kP;
    }
    // Other keys (m= misc attributes, and any a policy adds) are not needed.
  }
  constexpr unsigned kAll = kS | kA | kU | kG | kP | kAc | kMt | kCr | kNl;
  if ((seen & kAll) != kAll) {
    *error = "a SHOW field is missing (s= a= u= g= p= ac= mt= cr= nl= are needed)";
    return LineStatus::kError;
  }
  if (!IsNormalPath(line)) {
    *error = "the path is not absolute and normal";
    return LineStatus::kError;
  }
  e->path = line;
  e->has_allocated = true;
  e->has_owner = true;
  e->has_times = true;
  e->kind = KindFromMode(e->mode);
  return LineStatus::kEntry;
}

}  // namespace recpipe::scan2db
