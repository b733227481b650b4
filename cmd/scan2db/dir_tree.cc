#include "cmd/scan2db/dir_tree.h"

#include <xxhash.h>

#include <algorithm>
#include <cstring>

#include "cmd/scan2db/histogram_buckets.h"
#include "lib/error.h"
#include "lib/prefetch.h"

namespace recpipe::scan2db {
namespace {

constexpr uint32_t kNoNode = UINT32_MAX;

enum NodeFlag : uint16_t {
  kListed = 1,   // a line names this directory (or, with kinds from the tree, this entry)
  kUidOne = 2,   // the direct entries have one uid (in Node::uid) ...
  kUidMany = 4,  // ... or several
  kGidOne = 8,
  kGidMany = 16,
  kHasAtime = 32,  // max_atime_us holds the newest access of a direct file
  kEntry = 64,     // kinds from the tree: a listed entry of unknown kind (pending_ holds its figures)
  kFile = 128,     // kinds from the tree: that entry turned out to be a file
  kInside = 256,   // listed, or below a listed directory
  kHasChild = 512,
};

OwnerState OwnerStateOf(uint16_t flags, uint16_t one, uint16_t many) {
  if (flags & many) return OwnerState::kMany;
  if (flags & one) return OwnerState::kOne;
  return OwnerState::kNone;
}

// Merges (other, other_value) into the owner a node keeps in flags (one, many) and *value.
void MergeNodeOwner(uint16_t* flags, uint32_t* value, uint16_t one, uint16_t many, OwnerState other,
                    uint32_t other_value) {
  OwnerState state = OwnerStateOf(*flags, one, many);
  MergeOwnerState(&state, value, other, other_value);
  const uint16_t bit = state == OwnerState::kOne ? one : state == OwnerState::kMany ? many : 0;
  *flags = static_cast<uint16_t>((*flags & ~(one | many)) | bit);
}

void AddFigures(DirFigures* to, const DirFigures& from) {
  to->files += from.files;
  to->bytes += from.bytes;
  to->logical += from.logical;
  to->dirs += from.dirs;
  if (from.has_atime && (!to->has_atime || from.max_atime_us > to->max_atime_us)) {
    to->has_atime = true;
    to->max_atime_us = from.max_atime_us;
  }
}

}  // namespace

uint64_t PathHash(std::string_view path) {
  if (path == "/") path = {};
  return XXH3_64bits(path.data(), path.size());
}

std::string_view ParentPath(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

DirTree::DirTree(bool kinds_from_tree) : kinds_from_tree_(kinds_from_tree) {
  static_assert(sizeof(Node) == 44, "a directory's node is 44 bytes");
  nodes_.emplace_back();  // node 0: "/", the parent of every top-level name
  slots_.assign(1 << 10, 0);
  owner_pairs_.emplace_back(0, 0);  // owner 0: what a node without owners points to
  owner_pair_index_.emplace(0, 0);
}

bool DirTree::SameNode(uint32_t index, std::string_view path) const {
  constexpr int kRemembered = 32;  // the nodes of a match that go into verified_, from the deepest
  uint32_t walked[kRemembered], lengths[kRemembered];
  int count = 0;
  const char* const whole = path.data();
  for (;;) {
    if (index == 0) {
      if (!path.empty()) return false;
      break;
    }
    if (use_verified_) {
      const Verified& v = verified_[index % kVerifiedSlots];
      if (v.node == index && v.length == path.size() && std::memcmp(v.path, path.data(), path.size()) == 0) break;
    }
    const Node& n = nodes_[index];
    if (path.size() <= n.name_length) return false;
    size_t cut = path.size() - n.name_length;
    if (path[cut - 1] != '/' || std::memcmp(path.data() + cut, names_.data() + n.name_offset, n.name_length) != 0) {
      return false;
    }
    if (use_verified_ && count < kRemembered) {
      walked[count] = index;
      lengths[count++] = static_cast<uint32_t>(path.size());
    }
    path = path.substr(0, cut - 1);
    index = n.parent;
  }
  // Each node walked is the path's prefix of its length.
  for (int i = 0; i < count; ++i) verified_[walked[i] % kVerifiedSlots] = Verified{walked[i], lengths[i], whole};
  return true;
}

uint32_t DirTree::Find(std::string_view path, uint64_t hash) const {
  if (path.empty() || path == "/") return 0;
  const uint64_t mask = slots_.size() - 1;
  for (uint64_t i = hash & mask;; i = (i + 1) & mask) {
    const uint32_t slot = slots_[i];
    if (slot == 0) return kNoNode;
    if (SameNode(slot - 1, path)) return slot - 1;  // SameNode rejects most others at the name's length
  }
}

void DirTree::InsertSlot(uint32_t index, uint64_t hash) {
  const uint64_t mask = slots_.size() - 1;
  uint64_t i = hash & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = index + 1;
}

void DirTree::Grow() {
  std::vector<uint32_t> old;
  old.swap(slots_);
  slots_.assign(old.size() * 2, 0);
  std::string path;  // one buffer for every node: no allocation per node on the ordered stage
  for (uint32_t i = 1; i < nodes_.size(); ++i) {
    PathInto(i, &path);
    InsertSlot(i, PathHash(path));
  }
}

uint32_t DirTree::FindOrAdd(std::string_view path, uint64_t hash) {
  uint32_t found = Find(path, hash);
  if (found != kNoNode) return found;
  std::string_view parent_path = ParentPath(path);
  uint32_t parent = FindOrAdd(parent_path, PathHash(parent_path));
  std::string_view name = path.substr(parent_path.size() + 1);
  if (name.size() > UINT16_MAX) throw DataError("a name longer than 65535 bytes");
  if (names_.size() + name.size() > UINT32_MAX || nodes_.size() >= UINT32_MAX - 1) {
    throw DataError("more directory names than scan2db holds (4 GiB of names, 4G directories)");
  }
  Node n;
  n.parent = parent;
  n.name_offset = static_cast<uint32_t>(names_.size());
  n.name_length = static_cast<uint16_t>(name.size());
  // Grown by a quarter, not doubled: at millions of directories the spare capacity is what costs.
  if (names_.size() + name.size() > names_.capacity()) {
    names_.reserve(std::max(names_.size() + name.size(), names_.capacity() + names_.capacity() / 4 + 4096));
  }
  names_.insert(names_.end(), name.begin(), name.end());
  if (nodes_.size() == nodes_.capacity()) nodes_.reserve(nodes_.capacity() + nodes_.capacity() / 4 + 1024);
  nodes_.push_back(n);
  const uint32_t index = static_cast<uint32_t>(nodes_.size() - 1);
  if (nodes_.size() * 4 > slots_.size() * 3) {
    Grow();  // rehashes every node, this one included
  } else {
    InsertSlot(index, hash);
  }
  return index;
}

void DirTree::PathInto(uint32_t index, std::string* path) const {
  if (index == 0) {
    path->assign("/");
    return;
  }
  // The length first, then the names from the deepest, back to front: no list of the ancestors to keep.
  size_t length = 0;
  for (uint32_t i = index; i != 0; i = nodes_[i].parent) length += 1 + nodes_[i].name_length;
  path->resize(length);
  char* end = path->data() + length;
  for (uint32_t i = index; i != 0; i = nodes_[i].parent) {
    const Node& n = nodes_[i];
    end -= n.name_length;
    std::memcpy(end, names_.data() + n.name_offset, n.name_length);
    *--end = '/';
  }
}

std::string DirTree::FullPath(uint32_t index) const {
  std::string path;
  PathInto(index, &path);
  return path;
}

void DirTree::AddOwner(Node& n, OwnerState uid_state, uint32_t uid, OwnerState gid_state, uint32_t gid) {
  const std::pair<uint32_t, uint32_t> before = owner_pairs_[n.owner];
  uint32_t new_uid = before.first, new_gid = before.second;
  uint16_t flags = n.flags;
  MergeNodeOwner(&flags, &new_uid, kUidOne, kUidMany, uid_state, uid);
  MergeNodeOwner(&flags, &new_gid, kGidOne, kGidMany, gid_state, gid);
  n.flags = flags;
  if (new_uid == before.first && new_gid == before.second) return;  // the common case: the same owner again
  const uint64_t key = (static_cast<uint64_t>(new_uid) << 32) | new_gid;
  auto [it, added] = owner_pair_index_.emplace(key, static_cast<uint32_t>(owner_pairs_.size()));
  if (added) owner_pairs_.emplace_back(new_uid, new_gid);
  n.owner = it->second;
}

void DirTree::PrefetchLookup(const std::vector<ParentPartial>& parents, size_t i) const {
  // A lookup is a chain of misses (hash slot, node, name, parent node) once the aggregate outgrows the caches, and
  // the ordered stage does one per directory and block. The first links of the lookups a few partials ahead are
  // started now, so that they arrive while the ones before are matched.
  constexpr size_t kSlotAhead = 12, kNodeAhead = 6, kNameAhead = 3;
  const size_t mask = slots_.size() - 1;
  if (i + kSlotAhead < parents.size()) PrefetchForRead(&slots_[parents[i + kSlotAhead].hash & mask]);
  if (i + kNodeAhead < parents.size()) {
    if (const uint32_t slot = slots_[parents[i + kNodeAhead].hash & mask]; slot != 0) {
      PrefetchForRead(&nodes_[slot - 1]);
      PrefetchForRead(reinterpret_cast<const char*>(&nodes_[slot - 1]) + sizeof(Node) - 1);
    }
  }
  if (i + kNameAhead < parents.size()) {
    if (const uint32_t slot = slots_[parents[i + kNameAhead].hash & mask]; slot != 0) {
      const Node& n = nodes_[slot - 1];
      PrefetchForRead(names_.data() + n.name_offset);
      PrefetchForRead(&nodes_[n.parent]);
    }
  }
}

void DirTree::AddSummary(const BlockSummary& block) {
  if (block.has_times && (!has_times_ || block.newest_time_us > newest_time_us_)) {
    newest_time_us_ = block.newest_time_us;
    has_times_ = true;
  }
  verified_.fill(Verified{});
  use_verified_ = true;
  struct Off {
    bool* flag;
    ~Off() { *flag = false; }
  } off{&use_verified_};
  for (const BlockSummary::Listed& d : block.directories) nodes_[FindOrAdd(d.path, d.hash)].flags |= kListed;
  partial_nodes_.resize(block.parents.size());
  for (size_t i = 0; i < block.parents.size(); ++i) {
    PrefetchLookup(block.parents, i);
    const ParentPartial& p = block.parents[i];
    const uint32_t index = FindOrAdd(p.path, p.hash);
    partial_nodes_[i] = index;
    Node& n = nodes_[index];
    if (p.files > UINT32_MAX - n.files) throw DataError("more than 4G entries in one directory");
    n.files += static_cast<uint32_t>(p.files);
    n.bytes += p.bytes;
    n.logical += p.logical;
    if (p.has_atime && (!(n.flags & kHasAtime) || p.max_atime_us > n.max_atime_us)) {
      n.flags |= kHasAtime;
      n.max_atime_us = p.max_atime_us;
    }
    AddOwner(n, p.uid_state, p.uid, p.gid_state, p.gid);
  }
  for (const BlockHardLink& h : block.hard_links) {
    hard_links_.push_back(HardLink{h.inode, h.gen, h.bytes, h.logical, h.atime_day, partial_nodes_[h.parent], h.uid,
                                   h.has_owner, h.has_atime});
  }
}

void DirTree::Add(const ScanEntry& e, uint64_t path_hash, uint64_t parent_hash) {
  if (e.has_times) {
    int64_t newest = std::max({e.atime_us, e.mtime_us, e.ctime_us});
    if (!has_times_ || newest > newest_time_us_) newest_time_us_ = newest;
    has_times_ = true;
  }
  if (e.kind == EntryKind::kDirectory || (e.kind == EntryKind::kUnknown && kinds_from_tree_)) {
    uint32_t index = FindOrAdd(e.path, path_hash);
    nodes_[index].flags |= kListed;
    if (e.kind == EntryKind::kUnknown) {
      nodes_[index].flags |= kEntry;
      pending_[index] = PendingEntry{e.inode, e.gen, e.size, e.nlink};
    }
    if (index != 0 && e.has_owner) {
      AddOwner(nodes_[nodes_[index].parent], OwnerState::kOne, e.uid, OwnerState::kOne, e.gid);
      owners_[e.uid].directories++;
    }
    return;
  }
  // Files of one directory often come together (their inodes were allocated together): remember the last one.
  std::string_view parent = ParentPath(e.path);
  if (last_parent_index_ == kNoNode || parent != last_parent_) {
    last_parent_index_ = FindOrAdd(parent, parent_hash);
    last_parent_.assign(parent);
  }
  AddFile(last_parent_index_, e);
}

void DirTree::AddFile(uint32_t dir, const ScanEntry& e) {
  Node& n = nodes_[dir];
  if (n.files == UINT32_MAX) throw DataError("more than 4G entries in one directory");
  n.files++;
  if (e.has_owner) AddOwner(n, OwnerState::kOne, e.uid, OwnerState::kOne, e.gid);
  if (e.has_times && (!(n.flags & kHasAtime) || e.atime_us > n.max_atime_us)) {
    n.flags |= kHasAtime;
    n.max_atime_us = e.atime_us;
  }
  const uint64_t bytes = e.counted_bytes();
  const int64_t day = FloorDay(e.atime_us);
  const bool shared = e.nlink > 1;  // a hard-linked inode: its bytes count once, in Finish
  if (shared) {
    hard_links_.push_back(HardLink{e.inode, e.gen, bytes, e.size, day, dir, e.uid, e.has_owner, e.has_times});
  } else {
    n.bytes += bytes;
    n.logical += e.size;
  }
  if (!e.has_owner) return;
  owners_.AddFile(e.uid, e.size, bytes, day, e.has_times, shared);
}

void DirTree::ResolveUnknownKinds() {
  for (uint32_t i = 1; i < nodes_.size(); ++i) nodes_[nodes_[i].parent].flags |= kHasChild;
  // Parents come before their children in nodes_, so one forward pass sees each parent's final state.
  std::vector<bool> below_listed(nodes_.size(), false);
  for (uint32_t i = 1; i < nodes_.size(); ++i) {
    const Node& parent = nodes_[nodes_[i].parent];
    below_listed[i] = (parent.flags & kListed) || below_listed[nodes_[i].parent];
  }
  for (uint32_t i = 1; i < nodes_.size(); ++i) {
    Node& n = nodes_[i];
    // A leaf below a listed directory is a file; a leaf with nothing listed above it is a root directory.
    if (!(n.flags & kEntry) || (n.flags & kHasChild) || !below_listed[i]) continue;
    n.flags = static_cast<uint16_t>((n.flags & ~kListed) | kFile);
    const PendingEntry& p = pending_.at(i);
    ScanEntry e;
    e.kind = EntryKind::kUnknown;
    e.inode = p.inode;
    e.gen = p.gen;
    e.size = p.size;
    e.nlink = p.nlink;
    AddFile(n.parent, e);
  }
  pending_.clear();
}

void DirTree::Finish(const std::function<void(const std::string& path, uint64_t entries)>& on_orphan,
                     const std::function<void(const DirRow&)>& enter, const std::function<void(const DirRow&)>& leave) {
  if (kinds_from_tree_) ResolveUnknownKinds();
  const uint32_t count = static_cast<uint32_t>(nodes_.size());
  if (nodes_[0].flags & kListed) nodes_[0].flags |= kInside;
  for (uint32_t i = 1; i < count; ++i) {
    Node& n = nodes_[i];
    if (n.flags & kFile) continue;
    if ((n.flags & kListed) || (nodes_[n.parent].flags & kInside)) n.flags |= kInside;
  }
  for (uint32_t i = 0; i < count; ++i) {
    const Node& n = nodes_[i];
    if (!(n.flags & (kInside | kFile)) && n.files > 0) on_orphan(FullPath(i), n.files);
  }

  // Children of each node, in byte order of their names (compressed rows: begin[i] .. begin[i + 1]).
  std::vector<uint32_t> begin(count + 1, 0), children(count);
  for (uint32_t i = 1; i < count; ++i) {
    if (!(nodes_[i].flags & kFile)) begin[nodes_[i].parent + 1]++;
  }
  for (uint32_t i = 0; i < count; ++i) begin[i + 1] += begin[i];
  {
    std::vector<uint32_t> fill(begin.begin(), begin.end() - 1);
    for (uint32_t i = 1; i < count; ++i) {
      if (!(nodes_[i].flags & kFile)) children[fill[nodes_[i].parent]++] = i;
    }
  }
  auto name_of = [&](uint32_t i) {
    return std::string_view(names_.data() + nodes_[i].name_offset, nodes_[i].name_length);
  };
  for (uint32_t i = 0; i < count; ++i) {
    std::sort(children.begin() + begin[i], children.begin() + begin[i + 1],
              [&](uint32_t a, uint32_t b) { return name_of(a) < name_of(b); });
  }

  // Ids in path order, then the bytes of each hard-linked inode go to its path in the first directory.
  std::vector<uint32_t> id(count, 0);
  {
    uint32_t next = 0;
    std::vector<std::pair<uint32_t, uint32_t>> stack{{0, begin[0]}};
    if (nodes_[0].flags & kInside) id[0] = ++next;
    while (!stack.empty()) {
      auto& [node, pos] = stack.back();
      if (pos == begin[node + 1]) {
        stack.pop_back();
        continue;
      }
      uint32_t child = children[pos++];
      if (nodes_[child].flags & kInside) id[child] = ++next;
      stack.emplace_back(child, begin[child]);
    }
  }
  std::sort(hard_links_.begin(), hard_links_.end(), [&](const HardLink& a, const HardLink& b) {
    if (a.inode != b.inode) return a.inode < b.inode;
    if (a.gen != b.gen) return a.gen < b.gen;
    return id[a.dir] - 1 < id[b.dir] - 1;  // outside the tree (id 0) last
  });
  for (size_t i = 0; i < hard_links_.size();) {
    size_t j = i;
    while (j < hard_links_.size() && hard_links_[j].inode == hard_links_[i].inode &&
           hard_links_[j].gen == hard_links_[i].gen) {
      ++j;
    }
    const HardLink& h = hard_links_[i];
    totals_.hard_linked_paths += j - i;
    if (id[h.dir] != 0) {
      nodes_[h.dir].bytes += h.bytes;
      nodes_[h.dir].logical += h.logical;
      if (h.has_owner) {
        OwnerTotals& o = owners_[h.uid];
        o.bytes += h.bytes;
        o.logical += h.logical;
        o.sizes[SizeBucket(h.logical)].bytes += h.bytes;
        if (h.has_atime) owners_.AccessDay(h.uid, h.atime_day).bytes += h.bytes;
      }
    }
    i = j;
  }
  std::vector<HardLink>().swap(hard_links_);

  // Depth-first walk: a row on the way down, its recursive figures on the way up.
  struct Frame {
    uint32_t node;
    uint32_t pos;
    DirRow row;
    std::string root_name;
  };
  std::vector<Frame> stack;
  auto open = [&](uint32_t node, uint32_t depth, uint32_t parent_id) {
    Frame f{node, begin[node], DirRow{}, {}};
    const Node& n = nodes_[node];
    if (n.flags & kInside) {
      DirRow& row = f.row;
      row.id = id[node];
      row.parent_id = parent_id;
      row.depth = depth;
      if (parent_id == 0) {
        f.root_name = FullPath(node);
        totals_.roots.push_back(f.root_name);
      }
      row.nr.files = n.files;
      row.nr.bytes = n.bytes;
      row.nr.logical = n.logical;
      row.nr.has_atime = n.flags & kHasAtime;
      row.nr.max_atime_us = n.max_atime_us;
      for (uint32_t c = begin[node]; c < begin[node + 1]; ++c) row.nr.dirs++;
      row.uid_state = OwnerStateOf(n.flags, kUidOne, kUidMany);
      row.gid_state = OwnerStateOf(n.flags, kGidOne, kGidMany);
      row.uid = owner_pairs_[n.owner].first;
      row.gid = owner_pairs_[n.owner].second;
      row.r = row.nr;
      totals_.directories++;
      totals_.files += n.files;
      totals_.bytes += n.bytes;
      totals_.logical += n.logical;
    }
    stack.push_back(std::move(f));
    Frame& top = stack.back();
    top.row.name = top.root_name.empty() ? name_of(node) : std::string_view(top.root_name);
    if (nodes_[node].flags & kInside) enter(top.row);
  };
  open(0, 0, 0);
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.pos < begin[f.node + 1]) {
      uint32_t child = children[f.pos++];
      uint32_t parent_id = (nodes_[f.node].flags & kInside) ? id[f.node] : 0;
      open(child, static_cast<uint32_t>(stack.size()), parent_id);
      continue;
    }
    Frame done = std::move(stack.back());
    stack.pop_back();
    if (!(nodes_[done.node].flags & kInside)) continue;
    done.row.name = done.root_name.empty() ? name_of(done.node) : std::string_view(done.root_name);
    leave(done.row);
    if (!stack.empty() && (nodes_[stack.back().node].flags & kInside)) {
      DirRow& up = stack.back().row;
      AddFigures(&up.r, done.row.r);
      MergeOwnerState(&up.uid_state, &up.uid, done.row.uid_state, done.row.uid);
      MergeOwnerState(&up.gid_state, &up.gid, done.row.gid_state, done.row.gid);
    }
  }
}

uint64_t DirTree::node_count() const { return nodes_.size(); }

uint64_t DirTree::MemoryBytes() const {
  return nodes_.size() * sizeof(Node) + names_.size() + slots_.size() * sizeof(uint32_t) +
         hard_links_.size() * sizeof(HardLink) + pending_.size() * (sizeof(PendingEntry) + 32) +
         owner_pairs_.size() * (sizeof(owner_pairs_[0]) + 32);
}

uint64_t DirTree::AllocatedBytes() const {
  return nodes_.capacity() * sizeof(Node) + names_.capacity() + slots_.capacity() * sizeof(uint32_t) +
         hard_links_.capacity() * sizeof(HardLink) + pending_.size() * (sizeof(PendingEntry) + 32) +
         owner_pairs_.capacity() * sizeof(owner_pairs_[0]) + owner_pair_index_.size() * 32;
}

}  // namespace recpipe::scan2db
