#include "cmd/scan2db/block_summary.h"

#include <algorithm>
#include <bit>

#include "cmd/scan2db/dir_tree.h"
#include "cmd/scan2db/histogram_buckets.h"

namespace recpipe::scan2db {
namespace {

constexpr int64_t kMicrosPerDay = 86400LL * 1000000;

void AddOwner(ParentPartial* p, const ScanEntry& e) {
  MergeOwnerState(&p->uid_state, &p->uid, OwnerState::kOne, e.uid);
  MergeOwnerState(&p->gid_state, &p->gid, OwnerState::kOne, e.gid);
}

// The partial of path's parent directory, made on first use.
ParentPartial& PartialOf(BlockSummary* out, std::string_view parent, uint64_t hash, uint32_t* index) {
  const uint32_t mask = static_cast<uint32_t>(out->slots.size() - 1);
  for (uint32_t i = static_cast<uint32_t>(hash) & mask;; i = (i + 1) & mask) {
    const uint32_t slot = out->slots[i];
    if (slot == 0) {
      out->slots[i] = static_cast<uint32_t>(out->parents.size() + 1);
      *index = static_cast<uint32_t>(out->parents.size());
      ParentPartial& p = out->parents.emplace_back();
      p.path = parent;
      p.hash = hash;
      return p;
    }
    ParentPartial& p = out->parents[slot - 1];
    if (p.hash == hash && p.path == parent) {
      *index = slot - 1;
      return p;
    }
  }
}

}  // namespace

int64_t FloorDay(int64_t micros) { return micros / kMicrosPerDay - (micros % kMicrosPerDay < 0 ? 1 : 0); }

void SummarizeBlock(const std::vector<ParsedEntry>& entries, OwnerTable* owners, BlockSummary* out) {
  out->directories.clear();
  out->parents.clear();
  out->hard_links.clear();
  out->has_times = false;
  out->newest_time_us = 0;
  // At most one partial per entry: a table of twice that many slots stays at most half full.
  out->slots.assign(std::bit_ceil(std::max<size_t>(16, entries.size() * 2)), 0);
  // The per-day counters are a miss to memory per file: ask for the slot of the file kAhead entries on first.
  constexpr size_t kAhead = 8;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i + kAhead < entries.size()) {
      const ScanEntry& next = entries[i + kAhead].entry;
      if (next.has_owner && next.has_times) owners->PrefetchAccessDay(next.uid, FloorDay(next.atime_us));
    }
    const ScanEntry& e = entries[i].entry;
    if (e.has_times) {
      const int64_t newest = std::max({e.atime_us, e.mtime_us, e.ctime_us});
      if (!out->has_times || newest > out->newest_time_us) out->newest_time_us = newest;
      out->has_times = true;
    }
    const std::string_view parent = ParentPath(e.path);
    if (e.kind == EntryKind::kDirectory) {
      out->directories.push_back({e.path, PathHash(e.path)});
      // "/" has no parent and counts as no owner's directory (DirTree::Add does the same).
      if (e.path == "/" || !e.has_owner) continue;
      uint32_t index;
      AddOwner(&PartialOf(out, parent, PathHash(parent), &index), e);
      (*owners)[e.uid].directories++;
      continue;
    }
    uint32_t index;
    ParentPartial& d = PartialOf(out, parent, PathHash(parent), &index);
    d.files++;
    if (e.has_owner) AddOwner(&d, e);
    if (e.has_times && (!d.has_atime || e.atime_us > d.max_atime_us)) {
      d.has_atime = true;
      d.max_atime_us = e.atime_us;
    }
    const uint64_t bytes = e.counted_bytes();
    const int64_t day = FloorDay(e.atime_us);
    const bool shared = e.nlink > 1;  // a hard-linked inode: its bytes count once, in DirTree::Finish
    if (shared) {
      out->hard_links.push_back({e.inode, e.gen, bytes, e.size, day, index, e.uid, e.has_owner, e.has_times});
    } else {
      d.bytes += bytes;
      d.logical += e.size;
    }
    if (!e.has_owner) continue;
    owners->AddFile(e.uid, e.size, bytes, day, e.has_times, shared);
  }
}

}  // namespace recpipe::scan2db
