// The directory aggregate: every directory a listing names (listed, or only implied by a path below it) is a node
// of a trie, found by the hash of its full path, holding the figures over its direct children. Files cost nothing
// beyond those counters; hard-linked files (nlink > 1) are also remembered, once per path, so that their bytes
// count once (Finish). Lines may come in any order: a node is made when a path first needs it, and whether it is a
// listed directory is only a flag, so parents that come after their children are resolved at the end.
//
// Memory per directory: a 44-byte node, its name bytes, and 5 to 11 bytes of hash table (4-byte slots at load
// 3/8 to 3/4); the vectors grow by a quarter, so they reserve at most a quarter more than that.
// Owned by one thread (the writing stage of the pipeline): Add is not thread-safe. PathHash may run anywhere.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cmd/scan2db/block_summary.h"
#include "cmd/scan2db/owner_totals.h"
#include "cmd/scan2db/scan_entry.h"

namespace recpipe::scan2db {

// Hash of a path's bytes; "" stands for the parent of "/x".
uint64_t PathHash(std::string_view path);
// The part of path before its last '/' ("" for "/x").
std::string_view ParentPath(std::string_view path);

// The figures of one directory, as directory_stats holds them.
struct DirFigures {
  uint64_t files = 0;
  uint64_t bytes = 0;
  uint64_t logical = 0;
  uint64_t dirs = 0;
  bool has_atime = false;
  int64_t max_atime_us = 0;
};

// What Finish hands over for one directory, in path order (a parent before its children for `Enter`, after its
// whole subtree for `Leave`).
struct DirRow {
  uint32_t id = 0;         // 1-based, in path order (depth-first, children in byte order of their names)
  uint32_t parent_id = 0;  // 0 for a root
  std::string_view name;   // a root's full path, else the last component
  uint32_t depth = 0;      // components in the full path
  DirFigures nr, r;        // r only in Leave
  using Owner = OwnerState;
  Owner uid_state = Owner::kNone, gid_state = Owner::kNone;
  uint32_t uid = 0, gid = 0;
};

struct TreeTotals {
  uint64_t directories = 0;
  uint64_t files = 0;
  uint64_t bytes = 0;
  uint64_t logical = 0;
  uint64_t hard_linked_paths = 0;  // paths of files with nlink > 1
  std::vector<std::string> roots;
};

class DirTree {
 public:
  // kinds_from_tree: entries of unknown kind (the default dialect) are directories when something lies below
  // them, files otherwise; such entries then cost a node each until Finish.
  explicit DirTree(bool kinds_from_tree);

  // path_hash: PathHash(e.path); parent_hash: PathHash(ParentPath(e.path)), computed by the parsing threads.
  void Add(const ScanEntry& e, uint64_t path_hash, uint64_t parent_hash);
  // The same for a block summarized on a parsing thread (kinds known, not kinds_from_tree): one probe per
  // directory of the block. The block's per-uid figures went into a worker's OwnerTable: MergeOwners adds them.
  void AddSummary(const BlockSummary& block);
  void MergeOwners(const OwnerTable& owners) { owners_.Merge(owners); }

  // Calls on_orphan for each directory holding entries below no listed directory (a path outside the tree), with
  // its path and its number of direct entries; those entries are left out. Then walks the tree in path order.
  void Finish(const std::function<void(const std::string& path, uint64_t entries)>& on_orphan,
              const std::function<void(const DirRow&)>& enter, const std::function<void(const DirRow&)>& leave);

  const OwnerTable& owners() const { return owners_; }
  const TreeTotals& totals() const { return totals_; }
  // Newest access, modification or change time seen (for a default scan date).
  bool has_times() const { return has_times_; }
  int64_t newest_time_us() const { return newest_time_us_; }
  // Bytes the aggregate holds now (nodes, names, hash table, side tables), for the bench: in use, and allocated
  // (with the spare capacity of its vectors, which stays untouched and so not resident until used).
  uint64_t MemoryBytes() const;
  uint64_t AllocatedBytes() const;
  uint64_t node_count() const;

 private:
  // Packed to 4 bytes (44, not 48): the 64-bit counters need no more on the machines we build for.
#pragma pack(push, 4)
  struct Node {
    uint32_t parent = 0;
    uint32_t name_offset = 0;  // in names_
    uint16_t name_length = 0;
    uint16_t flags = 0;  // NodeFlag in dir_tree.cc
    uint32_t files = 0;  // direct entries that are not directories
    uint32_t owner = 0;  // owner_pairs_[owner]: the uid and gid of the direct entries, where flags say there is one
    uint64_t bytes = 0;
    uint64_t logical = 0;
    int64_t max_atime_us = 0;  // newest access of a direct file
  };
#pragma pack(pop)
  // A path of a file with nlink > 1: its bytes wait for Finish, which gives them to one path per inode.
  struct HardLink {
    uint64_t inode, gen;
    uint64_t bytes, logical;
    int64_t atime_day;
    uint32_t dir;
    uint32_t uid;
    bool has_owner, has_atime;
  };
  struct PendingEntry {
    uint64_t inode, gen, size, nlink;
  };
  uint32_t Find(std::string_view path, uint64_t hash) const;
  uint32_t FindOrAdd(std::string_view path, uint64_t hash);
  bool SameNode(uint32_t index, std::string_view path) const;
  // Starts loading what looking up parents[i + k] will touch, for a few k (see AddSummary).
  void PrefetchLookup(const std::vector<ParentPartial>& parents, size_t i) const;
  void InsertSlot(uint32_t index, uint64_t hash);
  void Grow();
  void AddFile(uint32_t dir, const ScanEntry& e);
  void AddOwner(Node& node, OwnerState uid_state, uint32_t uid, OwnerState gid_state, uint32_t gid);
  void ResolveUnknownKinds();
  std::string FullPath(uint32_t index) const;
  void PathInto(uint32_t index, std::string* path) const;  // FullPath into a buffer the caller reuses

  bool kinds_from_tree_;
  std::vector<Node> nodes_;
  std::vector<char> names_;      // every node's name, back to back
  std::vector<uint32_t> slots_;  // hash table (linear probing, load <= 3/4): node index + 1; 0 = empty
  // The distinct (uid, gid) pairs nodes point to: a few hundred, where a copy in each node would cost 4 bytes more.
  std::vector<std::pair<uint32_t, uint32_t>> owner_pairs_;
  std::unordered_map<uint64_t, uint32_t> owner_pair_index_;  // (uid << 32 | gid) -> index in owner_pairs_
  std::vector<HardLink> hard_links_;
  std::unordered_map<uint32_t, PendingEntry> pending_;  // kinds_from_tree: listed entries of unknown kind
  OwnerTable owners_;
  TreeTotals totals_;
  std::string last_parent_;                  // the directory of the last file added ...
  uint32_t last_parent_index_ = UINT32_MAX;  // ... and its node
  std::vector<uint32_t> partial_nodes_;      // AddSummary: the node of each ParentPartial
  // AddSummary: nodes whose full path SameNode has already matched against this block's text (direct-mapped by
  // node index), so that the walk up the parents stops at the first of them: a block's directories share most
  // of their ancestors. Points into the block: emptied at the start of each block, unused outside AddSummary.
  struct Verified {
    uint32_t node = UINT32_MAX;
    uint32_t length = 0;
    const char* path = nullptr;
  };
  static constexpr size_t kVerifiedSlots = 1024;
  mutable std::array<Verified, kVerifiedSlots> verified_;
  bool use_verified_ = false;
  bool has_times_ = false;
  int64_t newest_time_us_ = 0;
};

}  // namespace recpipe::scan2db
