// Field readers shared by the three line parsers: whole decimal numbers that must fit their type (never wrapped),
// the "inode gen snapid" head every mmapplypolicy record starts with, and the check that a path is absolute and
// normal so that the tree of directories it names is unambiguous. The small ones are inline: they run several
// times on every line of listings of 100M+ lines.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace recpipe::scan2db {

// The decimal digits at the front of text (at most 20) as *value: how many there are, or kDigitsPastU64 when
// twenty of them pass 2^64-1. Up to 19 digits cannot pass it, so the loop has no overflow test (a division per
// digit cost 5% of a run).
inline constexpr size_t kDigitsPastU64 = SIZE_MAX;
inline size_t ReadDigits(std::string_view text, uint64_t* value) {
  const size_t safe = text.size() < 19 ? text.size() : 19;
  size_t i = 0;
  uint64_t v = 0;
  for (; i < safe; ++i) {
    const unsigned digit = static_cast<unsigned char>(text[i]) - unsigned{'0'};
    if (digit > 9) break;
    v = v * 10 + digit;
  }
  if (i == 19 && text.size() > 19) {  // a 20th digit
    const unsigned digit = static_cast<unsigned char>(text[19]) - unsigned{'0'};
    if (digit <= 9) {
      if (v > (UINT64_MAX - digit) / 10) return kDigitsPastU64;
      v = v * 10 + digit;
      ++i;
    }
  }
  *value = v;
  return i;
}

// text as a whole is a decimal number <= max.
inline bool ParseNumber(std::string_view text, uint64_t max, uint64_t* value) {
  uint64_t v = 0;
  if (text.empty() || ReadDigits(text, &v) != text.size() || v > max) return false;
  *value = v;
  return true;
}

// NextToken and ParseNumber in one pass: the token at the front of *line is a decimal number <= max (*line is
// then past it and its space; on false, *line is left anywhere).
inline bool TakeNumber(std::string_view* line, uint64_t max, uint64_t* value) {
  uint64_t v = 0;
  const size_t i = ReadDigits(*line, &v);
  if (i == 0 || i == kDigitsPastU64 || (i < line->size() && (*line)[i] != ' ') || v > max) return false;
  line->remove_prefix(i < line->size() ? i + 1 : i);
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
