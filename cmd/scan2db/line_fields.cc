#include "cmd/scan2db/line_fields.h"

namespace recpipe::scan2db {

bool ParseNumber(std::string_view text, uint64_t max, uint64_t* value) {
  if (text.empty() || text.size() > 20) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (v > (max - digit) / 10) return false;
    v = v * 10 + digit;
  }
  *value = v;
  return true;
}

std::string_view NextToken(std::string_view* line) {
  // Tokens are a few characters: a loop beats a call to memchr.
  size_t space = 0;
  while (space < line->size() && (*line)[space] != ' ') ++space;
  std::string_view token = line->substr(0, space);
  line->remove_prefix(space == line->size() ? space : space + 1);
  return token;
}

const char* ReadRecordHead(std::string_view* line, uint64_t* inode, uint64_t* gen) {
  uint64_t snapid = 0;
  if (!ParseNumber(NextToken(line), UINT64_MAX, inode)) return "no inode number at the start of the line";
  if (!ParseNumber(NextToken(line), UINT64_MAX, gen)) return "no generation number after the inode";
  if (!ParseNumber(NextToken(line), UINT64_MAX, &snapid)) return "no snapshot id after the generation number";
  while (!line->empty() && line->front() == ' ') line->remove_prefix(1);
  return nullptr;
}

bool IsNormalPath(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.size() == 1) return true;
  if (path.back() == '/') return false;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(start, slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = slash + 1;
  }
  return true;
}

}  // namespace recpipe::scan2db
