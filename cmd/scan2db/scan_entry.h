// One line of a scan listing, parsed: what scan2db aggregates and what --to writes. The string views point into
// the line or into the caller's scratch buffer (decoded text), so an entry lives as long as both.
#pragma once
#include <cstdint>
#include <string_view>

namespace recpipe::scan2db {

enum class EntryKind : uint8_t {
  kFile,  // a regular file
  kDirectory,
  kSymlink,
  kOther,    // fifo, socket, device: counted as files
  kUnknown,  // the default dialect says nothing about kinds (dir_tree.h decides from the tree)
};

struct ScanEntry {
  std::string_view path;  // absolute, byte-exact (decoded where the dialect encodes it)
  EntryKind kind = EntryKind::kUnknown;
  uint64_t inode = 0;
  uint64_t gen = 0;
  uint64_t size = 0;  // logical bytes
  bool has_allocated = false;
  uint64_t allocated = 0;  // bytes on disk (a= KiB x 1024), when the dialect gives it
  bool has_owner = false;
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::string_view mode;  // "drwxr-xr-x", or empty
  bool has_times = false;
  int64_t atime_us = 0;  // microseconds since 1970-01-01 UTC
  int64_t mtime_us = 0;
  int64_t ctime_us = 0;
  uint64_t nlink = 1;
  std::string_view fileset;
  std::string_view pool;

  // Bytes as the database totals count them: allocated where the dialect gives it, else logical.
  uint64_t counted_bytes() const { return has_allocated ? allocated : size; }
};

// An entry as the parsing threads hand it on.
struct ParsedEntry {
  ScanEntry entry;
  uint64_t path_hash = 0;    // PathHash(entry.path), where the aggregate needs it
  uint64_t parent_hash = 0;  // PathHash(ParentPath(entry.path)), likewise
  uint64_t line = 0;         // 1-based, in the whole input
};

// The kind a mode string's first character names ('d', 'l', '-', others).
EntryKind KindFromMode(std::string_view mode);

}  // namespace recpipe::scan2db
