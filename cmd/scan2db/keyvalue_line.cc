// The key=value dialect (the policy of the tool users have today):
//   <T> INODE GEN SNAPID  s=.. a=.. u=.. g=.. m=.. p=.. ac=YYYY-MM-DD HH:MM:SS mt=.. cr=.. nl=.. -- /path
// after "[I] ..." log lines. The path is not escaped and may itself contain " -- ", so the SHOW fields are read
// one by one first and the path is everything after the "-- " that follows the last of them.
//
// Every line of a scan goes through here (100M+ a night), so the fields are read in one pass with a cursor: the
// key is told by its one or two letters, and each value is converted where it stands.
#include "cmd/scan2db/line_fields.h"
#include "cmd/scan2db/line_parser.h"
#include "cmd/scan2db/scan_time.h"

namespace recpipe::scan2db {
namespace {

constexpr size_t kDateTimeLength = 19;  // "YYYY-MM-DD HH:MM:SS"

// A date-time value: 19 characters, then an optional fraction up to the next space, then that space.
std::string_view TakeDateTime(std::string_view* rest) {
  if (rest->size() <= kDateTimeLength || (*rest)[kDateTimeLength] != '.') {
    // No fraction: the value ends after 19 characters (one of them is a space, so not at the next space).
    const size_t end = rest->size() < kDateTimeLength ? rest->size() : kDateTimeLength;
    std::string_view value = rest->substr(0, end);
    rest->remove_prefix(end);
    if (!rest->empty()) {
      if (rest->front() != ' ') return {};  // "…:SSx": not a date-time (an empty value fails ParseScanTime)
      rest->remove_prefix(1);
    }
    return value;
  }
  size_t end = kDateTimeLength;
  while (end < rest->size() && (*rest)[end] != ' ') ++end;
  std::string_view value = rest->substr(0, end);
  rest->remove_prefix(end == rest->size() ? end : end + 1);
  return value;
}

// The SHOW fields scan2db reads, as bits of what a line has given.
enum Field : unsigned { kS = 1, kA = 2, kU = 4, kG = 8, kP = 16, kAc = 32, kMt = 64, kCr = 128, kNl = 256 };
constexpr unsigned kAllFields = kS | kA | kU | kG | kP | kAc | kMt | kCr | kNl;

// Which field a key names (0 for keys scan2db does not need, such as m=).
unsigned FieldOf(std::string_view key) {
  if (key.size() == 1) {
    switch (key[0]) {
      case 's': return kS;
      case 'a': return kA;
      case 'u': return kU;
      case 'g': return kG;
      case 'p': return kP;
      default: return 0;
    }
  }
  if (key.size() != 2) return 0;
  if (key == "ac") return kAc;
  if (key == "mt") return kMt;
  if (key == "cr") return kCr;
  if (key == "nl") return kNl;
  return 0;
}

}  // namespace

LineStatus ParseKeyValueLine(std::string_view line, ScanEntry* e, const char** error) {
  if (line.empty() || line.front() == '[') return LineStatus::kSkip;  // blank, or an "[I] ..." log line
  *e = ScanEntry{};
  if (line.front() == '<') {  // "<T> ": the policy thread that wrote the line
    size_t close = 1;
    while (close < line.size() && line[close] >= '0' && line[close] <= '9') ++close;
    uint64_t thread = 0;
    if (line.substr(close, 2) != "> " || !ParseNumber(line.substr(1, close - 1), UINT64_MAX, &thread)) {
      *error = "malformed <thread> prefix";
      return LineStatus::kError;
    }
    line.remove_prefix(close + 2);
  }
  if ((*error = ReadRecordHead(&line, &e->inode, &e->gen))) return LineStatus::kError;

  unsigned seen = 0;
  for (;;) {
    if (line.size() >= 3 && line[0] == '-' && line[1] == '-' && line[2] == ' ') {
      line.remove_prefix(3);
      break;
    }
    // The key: up to the first '=', which must come before any space. The keys scan2db reads have one or two
    // letters: looked at directly before the general loop (5 to 8% of the parse against the loop alone, measured).
    auto is_key_char = [](char c) { return c != '=' && c != ' '; };
    size_t eq = line.size() > 2 && line[1] == '=' && is_key_char(line[0]) ? 1 : 0;
    if (eq == 0 && line.size() > 3 && line[2] == '=' && is_key_char(line[0]) && is_key_char(line[1])) eq = 2;
    if (eq == 0) {
      while (eq < line.size() && line[eq] != '=' && line[eq] != ' ') ++eq;
    }
    if (eq == line.size() || line[eq] != '=' || eq == 0) {
      *error = "expected KEY=VALUE fields and then '-- PATH'";
      return LineStatus::kError;
    }
    const unsigned field = FieldOf(line.substr(0, eq));
    line.remove_prefix(eq + 1);
    uint64_t number = 0;
    switch (field) {
      case kAc:
      case kMt:
      case kCr: {
        int64_t* target = field == kAc ? &e->atime_us : field == kMt ? &e->mtime_us : &e->ctime_us;
        if (!ParseScanTime(TakeDateTime(&line), target)) {
          *error = "a time field (ac=, mt=, cr=) is not YYYY-MM-DD HH:MM:SS";
          return LineStatus::kError;
        }
        break;
      }
      case kS:
        if (!TakeNumber(&line, UINT64_MAX, &e->size)) {
          *error = "s= is not a size in bytes";
          return LineStatus::kError;
        }
        break;
      case kA:  // in KiB: the product must still fit
        if (!TakeNumber(&line, UINT64_MAX / 1024, &number)) {
          *error = "a= is not a size in KiB";
          return LineStatus::kError;
        }
        e->allocated = number * 1024;
        break;
      case kNl:
        if (!TakeNumber(&line, UINT64_MAX, &e->nlink)) {
          *error = "nl= is not a link count";
          return LineStatus::kError;
        }
        break;
      case kU:
      case kG:
        if (!TakeNumber(&line, UINT32_MAX, &number)) {
          *error = field == kU ? "u= is not a user id" : "g= is not a group id";
          return LineStatus::kError;
        }
        (field == kU ? e->uid : e->gid) = static_cast<uint32_t>(number);
        break;
      case kP:
        e->mode = NextToken(&line);
        if (e->mode.empty()) {
          *error = "p= is empty";
          return LineStatus::kError;
        }
        break;
      default:  // m= (misc attributes), and any key a policy adds: not needed
        NextToken(&line);
        break;
    }
    seen |= field;
  }
  if ((seen & kAllFields) != kAllFields) {
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
