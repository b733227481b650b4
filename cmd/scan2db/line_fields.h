// Field readers shared by the three line parsers: whole decimal numbers that must fit their type (never wrapped),
// the "inode gen snapid" head every mmapplypolicy record starts with, and the check that a path is absolute and
// normal so that the tree of directories it names is unambiguous.
#pragma once
#include <cstdint>
#include <string_view>

namespace recpipe::scan2db {

// text as a whole is a decimal number <= max.
bool ParseNumber(std::string_view text, uint64_t max, uint64_t* value);

// Reads "INODE GEN SNAPID" and the spaces after it from the front of *line, leaving the rest in *line.
// Returns an error message, or nullptr.
const char* ReadRecordHead(std::string_view* line, uint64_t* inode, uint64_t* gen);

// Reads the next space-free token from the front of *line and the single space after it (none at the end).
std::string_view NextToken(std::string_view* line);

// An absolute path without empty, "." or ".." components and without a trailing slash (except "/" itself).
bool IsNormalPath(std::string_view path);

}  // namespace recpipe::scan2db
