// scan2db's directory aggregate: parents after children, missing directories created, roots, hard links counted
// once at the first directory in path order, owners over everything below, and the same rows for any line order.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "cmd/scan2db/dir_tree.h"

namespace recpipe::scan2db {
namespace {

ScanEntry Entry(const char* path, EntryKind kind, uint64_t bytes, uint32_t uid = 1, uint64_t inode = 0,
                uint64_t nlink = 1) {
  ScanEntry e;
  e.path = path;
  e.kind = kind;
  e.size = bytes;
  e.has_allocated = true;
  e.allocated = bytes;
  e.has_owner = true;
  e.uid = uid;
  e.gid = uid;
  e.inode = inode;
  e.nlink = nlink;
  return e;
}

struct Row {
  std::string text;
};

// The rows Finish hands over, as text: "id parent name depth | nr files bytes dirs | r files bytes dirs | uid",
// (with_gid: then the gid, logical sizes and newest access times), then one row per uid: "uid files bytes logical dirs
// | size buckets | access days".
std::vector<std::string> RowsOf(DirTree& tree, std::vector<std::string>* orphans, bool with_gid = true) {
  std::vector<std::string> rows;
  tree.Finish(
      [&](const std::string& path, uint64_t n) {
        if (orphans) orphans->push_back(path + ":" + std::to_string(n));
      },
      [](const DirRow&) {},
      [&](const DirRow& r) {
        std::string uid = r.uid_state == DirRow::Owner::kNone   ? "-1"
                          : r.uid_state == DirRow::Owner::kMany ? "many"
                                                                : std::to_string(r.uid);
        if (with_gid) {
          uid += r.gid_state == DirRow::Owner::kNone   ? " gid -1"
                 : r.gid_state == DirRow::Owner::kMany ? " gid many"
                                                       : " gid " + std::to_string(r.gid);
          uid += " | " + std::to_string(r.nr.logical) + " " + std::to_string(r.r.logical) + " " +
                 (r.nr.has_atime ? std::to_string(r.nr.max_atime_us) : "-") + " " +
                 (r.r.has_atime ? std::to_string(r.r.max_atime_us) : "-");
        }
        rows.push_back(std::to_string(r.id) + " " + std::to_string(r.parent_id) + " " + std::string(r.name) + " " +
                       std::to_string(r.depth) + " | " + std::to_string(r.nr.files) + " " + std::to_string(r.nr.bytes) +
                       " " + std::to_string(r.nr.dirs) + " | " + std::to_string(r.r.files) + " " +
                       std::to_string(r.r.bytes) + " " + std::to_string(r.r.dirs) + " | " + uid);
      });
  std::sort(rows.begin(), rows.end());
  for (const auto& [uid, o] : tree.owners().Sorted()) {
    std::string row = "uid " + std::to_string(uid) + " " + std::to_string(o->files) + " " + std::to_string(o->bytes) +
                      " " + std::to_string(o->logical) + " " + std::to_string(o->directories) + " |";
    for (const CountAndBytes& b : o->sizes) row += " " + std::to_string(b.count) + "/" + std::to_string(b.bytes);
    rows.push_back(row);
  }
  std::vector<std::string> days;
  tree.owners().access_days().ForEach([&](uint32_t uid, int64_t day, const DayCounts::Slot& s) {
    days.push_back("day " + std::to_string(uid) + " " + std::to_string(day) + " " + std::to_string(s.count) + " " +
                   std::to_string(s.bytes));
  });
  std::sort(days.begin(), days.end());
  rows.insert(rows.end(), days.begin(), days.end());
  return rows;
}

std::vector<std::string> Rows(const std::vector<ScanEntry>& entries, bool kinds_from_tree = false,
                              std::vector<std::string>* orphans = nullptr) {
  DirTree tree(kinds_from_tree);
  for (const ScanEntry& e : entries) tree.Add(e, PathHash(e.path), PathHash(ParentPath(e.path)));
  std::vector<std::string> rows = RowsOf(tree, orphans, false);
  // Rows drops the owner lines where tests list only directory rows.
  rows.erase(std::remove_if(rows.begin(), rows.end(),
                            [](const std::string& r) { return r.starts_with("uid ") || r.starts_with("day "); }),
             rows.end());
  return rows;
}

// The same figures through the parallel path: entries cut into blocks of block_size, each summarized with one of
// two workers' owner tables in turn, the summaries added in order and the tables merged at the end.
std::vector<std::string> RowsFromSummaries(const std::vector<ScanEntry>& entries, size_t block_size) {
  DirTree tree(false);
  OwnerTable workers[2];
  BlockSummary summary;
  for (size_t begin = 0, block = 0; begin < entries.size(); begin += block_size, ++block) {
    std::vector<ParsedEntry> parsed;
    for (size_t i = begin; i < std::min(entries.size(), begin + block_size); ++i) parsed.push_back({entries[i]});
    SummarizeBlock(parsed, &workers[block % 2], &summary);
    tree.AddSummary(summary);
  }
  for (const OwnerTable& w : workers) tree.MergeOwners(w);
  return RowsOf(tree, nullptr);
}

std::vector<std::string> AllRows(const std::vector<ScanEntry>& entries) {
  DirTree tree(false);
  for (const ScanEntry& e : entries) tree.Add(e, PathHash(e.path), PathHash(ParentPath(e.path)));
  return RowsOf(tree, nullptr);
}

TEST(DirTree, ParentsAfterChildrenAndMissingDirectories) {
  std::vector<ScanEntry> entries = {
      Entry("/s/r/a/b/f", EntryKind::kFile, 10, 1),  // /s/r/a and /s/r/a/b are never listed
      Entry("/s/r/g", EntryKind::kFile, 5, 2),
      Entry("/s/r", EntryKind::kDirectory, 0, 1),
  };
  std::vector<std::string> want = {
      "1 0 /s/r 2 | 1 5 1 | 2 15 2 | many",
      "2 1 a 3 | 0 0 1 | 1 10 1 | 1",
      "3 2 b 4 | 1 10 0 | 1 10 0 | 1",
  };
  EXPECT_EQ(Rows(entries), want);
}

TEST(DirTree, HardLinksCountOnceAtTheFirstDirectory) {
  std::vector<ScanEntry> entries = {
      Entry("/r", EntryKind::kDirectory, 0),
      Entry("/r/z/link2", EntryKind::kFile, 100, 1, 42, 2),
      Entry("/r/a/link1", EntryKind::kFile, 100, 1, 42, 2),
      Entry("/r/z", EntryKind::kDirectory, 0),
      Entry("/r/a", EntryKind::kDirectory, 0),
  };
  std::vector<std::string> want = {
      "1 0 /r 1 | 0 0 2 | 2 100 2 | 1",
      "2 1 a 2 | 1 100 0 | 1 100 0 | 1",
      "3 1 z 2 | 1 0 0 | 1 0 0 | 1",
  };
  EXPECT_EQ(Rows(entries), want);
}

TEST(DirTree, SameRowsInAnyOrder) {
  std::vector<ScanEntry> entries = {
      Entry("/r", EntryKind::kDirectory, 0, 3),          Entry("/r/x", EntryKind::kDirectory, 0, 3),
      Entry("/r/x/y", EntryKind::kDirectory, 0, 4),      Entry("/r/x/y/f1", EntryKind::kFile, 7, 4, 1),
      Entry("/r/x/f2", EntryKind::kFile, 9, 3, 2),       Entry("/r/x/h1", EntryKind::kFile, 11, 3, 5, 3),
      Entry("/r/x/y/h2", EntryKind::kFile, 11, 3, 5, 3), Entry("/r/h3", EntryKind::kFile, 11, 3, 5, 3),
      Entry("/r/w/v/u", EntryKind::kSymlink, 1, 3, 6),   Entry("/r/\xFF", EntryKind::kDirectory, 0, 3),
  };
  std::vector<std::string> first = Rows(entries);
  std::mt19937 rng(1);
  for (int i = 0; i < 20; ++i) {
    std::shuffle(entries.begin(), entries.end(), rng);
    EXPECT_EQ(Rows(entries), first);
  }
}

TEST(DirTree, BlockSummariesGiveTheFiguresOfOneEntryAtATime) {
  // Directories, files with one and several owners, hard links within and across blocks, times, a parent listed
  // after its children and a directory never listed.
  std::vector<std::string> paths;
  std::vector<ScanEntry> entries;
  std::mt19937 rng(3);
  entries.push_back(Entry("/r", EntryKind::kDirectory, 0, 3));
  for (int d = 0; d < 12; ++d) paths.push_back("/r/d" + std::to_string(d));
  for (int f = 0; f < 200; ++f) paths.push_back(paths[f % 12] + "/f" + std::to_string(f));
  paths.push_back("/r/unlisted/deep/f");
  for (size_t i = 0; i < paths.size(); ++i) {
    const bool dir = i < 12;
    const uint64_t inode = dir ? 1000 + i : (i % 17 == 0 ? 7 : 2000 + i);  // inode 7: hard-linked
    ScanEntry e = Entry(paths[i].c_str(), dir ? EntryKind::kDirectory : EntryKind::kFile, 100 * (i % 9), 1 + i % 3,
                        inode, inode == 7 ? 3 : 1);
    e.allocated = 1024 * (i % 5);
    e.has_times = true;
    e.atime_us = static_cast<int64_t>(rng() % 1000) * 86400 * 1000000 + static_cast<int64_t>(i);
    e.mtime_us = e.ctime_us = e.atime_us;
    e.gid = i % 4 == 0 ? 9 : 1 + i % 3;
    entries.push_back(e);
  }
  const std::vector<std::string> want = AllRows(entries);
  ASSERT_GT(want.size(), 20u);
  for (int round = 0; round < 5; ++round) {
    for (size_t block : {1, 2, 7, 64, 1000}) {
      EXPECT_EQ(RowsFromSummaries(entries, block), want) << "blocks of " << block << ", round " << round;
    }
    std::shuffle(entries.begin(), entries.end(), rng);
  }
}

TEST(DirTree, OutsideTheTree) {
  std::vector<std::string> orphans;
  Rows({Entry("/r", EntryKind::kDirectory, 0), Entry("/q/f", EntryKind::kFile, 1), Entry("/q/g", EntryKind::kFile, 1)},
       false, &orphans);
  EXPECT_EQ(orphans, std::vector<std::string>{"/q:2"});
}

TEST(DirTree, KindsFromTheTree) {
  // The default dialect: an entry with something below it is a directory, a leaf below a listed one a file, a
  // leaf with nothing listed above it a root.
  std::vector<ScanEntry> entries = {
      Entry("/d", EntryKind::kUnknown, 4096),         Entry("/d/f", EntryKind::kUnknown, 10),
      Entry("/d/s", EntryKind::kUnknown, 4096),       Entry("/d/s/g", EntryKind::kUnknown, 20),
      Entry("/lone -- x", EntryKind::kUnknown, 4096),
  };
  for (ScanEntry& e : entries) e.has_owner = false;
  std::vector<std::string> want = {
      "1 0 /d 1 | 1 10 1 | 2 30 1 | -1",
      "2 1 s 2 | 1 20 0 | 1 20 0 | -1",
      "3 0 /lone -- x 1 | 0 0 0 | 0 0 0 | -1",
  };
  EXPECT_EQ(Rows(entries, true), want);
}

TEST(DirTree, ManyDirectoriesGrowTheTable) {
  std::vector<std::string> paths;
  for (int i = 0; i < 5000; ++i) paths.push_back("/r/d" + std::to_string(i % 70) + "/e" + std::to_string(i));
  std::vector<ScanEntry> entries = {Entry("/r", EntryKind::kDirectory, 0)};
  for (const std::string& p : paths) entries.push_back(Entry(p.c_str(), EntryKind::kFile, 1));
  std::vector<std::string> rows = Rows(entries);
  ASSERT_EQ(rows.size(), 71u);
  EXPECT_EQ(rows[0], "1 0 /r 1 | 0 0 70 | 5000 5000 70 | 1");
}

TEST(DirTree, DirectoriesFoundAgainAfterTheTableGrew) {
  // 3000 directories three levels deep (the table of 1024 slots grows three times, rehashing every node's full
  // path), then a file in each: each must find its directory again, not make a second one.
  std::vector<ScanEntry> entries = {Entry("/r", EntryKind::kDirectory, 0)};
  std::vector<std::string> dirs, files;
  for (int i = 0; i < 3000; ++i) dirs.push_back("/r/a" + std::to_string(i % 40) + "/b" + std::to_string(i));
  for (const std::string& d : dirs) files.push_back(d + "/f");
  for (const std::string& d : dirs) entries.push_back(Entry(d.c_str(), EntryKind::kDirectory, 0));
  for (const std::string& f : files) entries.push_back(Entry(f.c_str(), EntryKind::kFile, 2));
  std::vector<std::string> rows = Rows(entries);
  ASSERT_EQ(rows.size(), 1u + 40u + 3000u);
  EXPECT_EQ(rows[0], "1 0 /r 1 | 0 0 40 | 3000 6000 3040 | 1");
  for (const std::string& row : rows) {
    if (row.find(" b") != std::string::npos) EXPECT_NE(row.find("| 1 2 0 | 1 2 0 |"), std::string::npos) << row;
  }
}

}  // namespace
}  // namespace recpipe::scan2db
