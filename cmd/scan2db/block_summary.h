// What one block of a listing adds to the directory aggregate, worked out on the parsing thread so that the one
// ordered stage does as little per entry as possible: the block's files folded into one partial per parent
// directory (a probe of the aggregate per directory and block instead of per line), the directories it lists, its
// hard-linked files, and the per-uid figures, which go straight into an OwnerTable owned by the calling worker
// (sums and maxima, so merging those tables at the end gives the same figures in any order).
//
// Only for dialects that give each entry's kind: the default dialect's kinds come from the tree (DirTree::Add).
// A BlockSummary's views point into the block's text or arena: it lives as long as the ParsedBlock.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "cmd/scan2db/owner_totals.h"
#include "cmd/scan2db/scan_entry.h"

namespace recpipe::scan2db {

// Single owner of a set of entries: none seen yet, one (in the value), or several.
enum class OwnerState : uint8_t { kNone, kOne, kMany };

// Merges value (of state `other`) into (*state, *current).
inline void MergeOwnerState(OwnerState* state, uint32_t* current, OwnerState other, uint32_t value) {
  if (other == OwnerState::kNone || *state == OwnerState::kMany) return;
  if (other == OwnerState::kMany || (*state == OwnerState::kOne && *current != value)) {
    *state = OwnerState::kMany;
  } else if (*state == OwnerState::kNone) {
    *state = OwnerState::kOne;
    *current = value;
  }
}

// The block's direct entries of one directory (files, and the owners of its listed subdirectories).
struct ParentPartial {
  std::string_view path;  // the directory's full path ("" for the parent of "/x")
  uint64_t hash = 0;      // PathHash(path)
  uint64_t files = 0;
  uint64_t bytes = 0;  // of files with nlink 1 (hard-linked ones wait for DirTree::Finish)
  uint64_t logical = 0;
  bool has_atime = false;
  int64_t max_atime_us = 0;
  OwnerState uid_state = OwnerState::kNone, gid_state = OwnerState::kNone;
  uint32_t uid = 0, gid = 0;
};

// A path of a file with nlink > 1, in a directory given as an index into BlockSummary::parents.
struct BlockHardLink {
  uint64_t inode, gen;
  uint64_t bytes, logical;
  int64_t atime_day;
  uint32_t parent;
  uint32_t uid;
  bool has_owner, has_atime;
};

struct BlockSummary {
  struct Listed {
    std::string_view path;
    uint64_t hash;
  };
  std::vector<Listed> directories;     // the directory lines, in input order
  std::vector<ParentPartial> parents;  // in order of first appearance in the block
  std::vector<BlockHardLink> hard_links;
  bool has_times = false;
  int64_t newest_time_us = 0;  // newest access, modification or change time

  // Reused across blocks (keeps capacity).
  std::vector<uint32_t> slots;  // block-local table: index into parents + 1; 0 = empty
};

// Fills out from a block's entries (kinds known), and adds their per-uid figures to owners.
void SummarizeBlock(const std::vector<ParsedEntry>& entries, OwnerTable* owners, BlockSummary* out);

// Days since 1970 of a time in microseconds, rounded down (UTC).
int64_t FloorDay(int64_t micros);

}  // namespace recpipe::scan2db
