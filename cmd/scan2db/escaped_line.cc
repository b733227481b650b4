// The ESCAPE '%/' dialect: "INODE GEN SNAPID  SHOW -- PATH", where SHOW is
// size|mtime|atime|ctime|uid|gid|mode|fileset|pool|nlink and both SHOW and PATH are percent-encoded (a space is
// %20, so neither holds a raw space and the first " -- " is the separator); '#' header lines.
#include "cmd/scan2db/line_fields.h"
#include "cmd/scan2db/line_parser.h"
#include "cmd/scan2db/percent_decode.h"
#include "cmd/scan2db/scan_time.h"

namespace recpipe::scan2db {
namespace {

constexpr size_t kShowFields = 10;

}  // namespace

LineStatus ParseEscapedLine(std::string_view line, ScanEntry* e, std::string* scratch, const char** error) {
  if (line.empty() || line.front() == '#') return LineStatus::kSkip;
  *e = ScanEntry{};
  if ((*error = ReadRecordHead(&line, &e->inode, &e->gen))) return LineStatus::kError;
  std::string_view show = NextToken(&line);
  if (show.empty() || line.substr(0, 3) != "-- ") {
    *error = "expected 'SHOW -- PATH' after the inode, generation and snapshot id";
    return LineStatus::kError;
  }
  std::string_view encoded_path = line.substr(3);
  if (encoded_path.find(' ') != std::string_view::npos) {
    *error = "a raw space in the path (the escaped dialect encodes spaces as %20)";
    return LineStatus::kError;
  }
  scratch->clear();
  if (!PercentDecode(encoded_path, scratch)) {
    *error = "a '%' in the path is not followed by two hex digits";
    return LineStatus::kError;
  }
  const size_t path_length = scratch->size();
  if (!PercentDecode(show, scratch)) {
    *error = "a '%' in the SHOW fields is not followed by two hex digits";
    return LineStatus::kError;
  }
  std::string_view all(*scratch);
  e->path = all.substr(0, path_length);
  std::string_view fields[kShowFields];
  std::string_view rest = all.substr(path_length);
  for (size_t i = 0; i < kShowFields; ++i) {
    size_t bar = rest.find('|');
    if ((bar == std::string_view::npos) != (i == kShowFields - 1)) {
      *error = "SHOW is not the 10 fields size|mtime|atime|ctime|uid|gid|mode|fileset|pool|nlink";
      return LineStatus::kError;
    }
    fields[i] = rest.substr(0, bar);
    if (bar != std::string_view::npos) rest.remove_prefix(bar + 1);
  }
  uint64_t uid = 0, gid = 0;
  if (!ParseNumber(fields[0], UINT64_MAX, &e->size))
    return *error = "size is not a number of bytes", LineStatus::kError;
  if (!ParseScanTime(fields[1], &e->mtime_us) || !ParseScanTime(fields[2], &e->atime_us) ||
      !ParseScanTime(fields[3], &e->ctime_us)) {
    *error = "mtime, atime or ctime is not YYYY-MM-DD HH:MM:SS[.ffffff]";
    return LineStatus::kError;
  }
  if (!ParseNumber(fields[4], UINT32_MAX, &uid)) return *error = "uid is not a user id", LineStatus::kError;
  if (!ParseNumber(fields[5], UINT32_MAX, &gid)) return *error = "gid is not a group id", LineStatus::kError;
  if (fields[6].empty()) return *error = "mode is empty", LineStatus::kError;
  if (!ParseNumber(fields[9], UINT64_MAX, &e->nlink)) return *error = "nlink is not a link count", LineStatus::kError;
  if (!IsNormalPath(e->path)) return *error = "the path is not absolute and normal", LineStatus::kError;
  e->uid = static_cast<uint32_t>(uid);
  e->gid = static_cast<uint32_t>(gid);
  e->mode = fields[6];
  e->fileset = fields[7];
  e->pool = fields[8];
  e->has_owner = true;
  e->has_times = true;
  e->kind = KindFromMode(e->mode);
  return LineStatus::kEntry;
}

}  // namespace recpipe::scan2db
