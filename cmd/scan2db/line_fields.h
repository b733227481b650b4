// Field readers shared by the three line parsers: whole decimal numbers that must fit their type (never wrapped),
// the "inode gen snapid" head every mmapplypolicy record starts with, and the check that a path is absolute and
// normal so that the tree of directories it names is unambiguous. The small ones are inline: they run several
// times on every line of listings of 100M+ lines.
#pragma once
#include <cstdint>
#include <string_view>

namespace recpipe::scan2db {

// text as a whole is a decimal number <= max.
inline bool ParseNumber(std::string_view text, uint64_t max, uint64_t* value) {
  const size_t n = text.size();
  if (n == 0 || n > 20) return false;
  // Up to 19 digits cannot pass 2^64: no overflow test in the loop (a division per digit cost 5% of a run).
  const size_t safe = n < 19 ? n : 19;
  uint64_t v = 0;
  for (size_t i = 0; i < safe; ++i) {
    const unsigned digit = static_cast<unsigned char>(text[i]) - unsigned{'0'};
    if (digit > 9) return false;
    v = v * 10 + digit;
  }
  if (n == 20) {
    const unsigned digit = static_cast<unsigned char>(text[19]) - unsigned{'0'};
    if (digit > 9 || v > (UINT64_MAX - digit) / 10) return false;
    v = v * 10 + digit;
  }
  if (v > max) return false;
  *value = v;
  return true;
}

// NextToken and ParseNumber in one pass: the token at the front of *line is a decimal number <= max (*line is
// then past it and its space; on false, *line is left anywhere).
inline bool TakeNumber(std::string_view* line, uint64_t max, uint64_t* value) {
  const char* const p = line->data();
  const size_t n = line->size();
  size_t i = 0;
  uint64_t v = 0;
  for (; i < n && i < 19; ++i) {  // up to 19 digits cannot pass 2^64
    const unsigned digit = static_cast<unsigned char>(p[i]) - unsigned{'0'};
    if (digit > 9) break;
    v = v * 10 + digit;
  }
  if (i == 19 && i < n) {  // a 20th digit
    const unsigned digit = static_cast<unsigned char>(p[i]) - unsigned{'0'};
    if (digit <= 9) {
      if (v > (UINT64_MAX - digit) / 10) return false;
      v = v * 10 + digit;
      ++i;
    }
  }
  if (i == 0 || (i < n && p[i] != ' ') || v > max) return false;
  line->remove_prefix(i < n ? i + 1 : i);
  *value = v;
  return true;
}

// Reads the next space-free token from the front of *line and the single space after it (none at the end).
inline std::string_view NextToken(std::string_view* line) {
  // Tokens are a few characters: a loop beats a call to memchr.
  size_t space = 0;
  while (space < line->size() && (*line)[space] != ' ') ++space;
  std::string_view token = line->substr(0, space);
  line->remove_prefix(space == line->size() ? space : space + 1);
  return token;
}

// Reads "INODE GEN SNAPID" and the spaces after it from the front of *line, leaving the rest in *line.
// Returns an error message, or nullptr.
const char* ReadRecordHead(std::string_view* line, uint64_t* inode, uint64_t* gen);

// An absolute path without empty, "." or ".." components and without a trailing slash (except "/" itself).
bool IsNormalPath(std::string_view path);

}  // namespace recpipe::scan2db
