// The default dialect, a LIST rule without ESCAPE and with SHOW(size, nlink) as mmdu writes it:
//   INODE GEN SNAPID  SIZE NLINK -- PATH
// The path is not escaped and may contain " -- " itself; the two numbers come first, so the separator is the
// " -- " right after them. Nothing says which entries are directories: dir_tree.h decides that from the tree.
#include "cmd/scan2db/line_fields.h"
#include "cmd/scan2db/line_parser.h"

namespace recpipe::scan2db {

LineStatus ParseDefaultLine(std::string_view line, ScanEntry* e, const char** error) {
  if (line.empty()) return LineStatus::kSkip;
  *e = ScanEntry{};
  if ((*error = ReadRecordHead(&line, &e->inode, &e->gen))) return LineStatus::kError;
  if (!TakeNumber(&line, UINT64_MAX, &e->size)) {
    *error = "no SIZE after the inode, generation and snapshot id";
    return LineStatus::kError;
  }
  if (!TakeNumber(&line, UINT64_MAX, &e->nlink)) {
    *error = "no NLINK after the size";
    return LineStatus::kError;
  }
  if (line.substr(0, 3) != "-- ") {
    *error = "expected '-- PATH' after SIZE NLINK";
    return LineStatus::kError;
  }
  line.remove_prefix(3);
  if (!IsNormalPath(line)) {
    *error = "the path is not absolute and normal";
    return LineStatus::kError;
  }
  e->path = line;
  e->kind = EntryKind::kUnknown;
  return LineStatus::kEntry;
}

}  // namespace recpipe::scan2db
