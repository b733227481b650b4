// --check's grouped rows: a group is checked sorted by its sequence when it ends; a key whose rows come back after
// other keys has what was found for it dropped and is checked again, whole, from the second reading.
#include <gtest/gtest.h>

#include "cmd/parse_gtfs/check/grouped_rows.h"

namespace recpipe::parse_gtfs::check {
namespace {

struct Rec {
  uint64_t line;
  int64_t seq;
};

// The rows of a file, as (key, line, seq).
struct Row {
  std::string key;
  uint64_t line;
  int64_t seq;
};

// Runs GroupedRows over rows; each check notes the group's lines in sequence order. Returns the notices.
std::vector<Notice> Check(const std::vector<Row>& rows, int* rereads) {
  CheckState state;
  const std::string file = "stop_times.txt";
  GroupedRows<Rec>* groups_ptr = nullptr;
  GroupedRows<Rec> groups(state, [&](uint32_t key, std::vector<Rec>& recs) {
    std::string lines;
    for (const Rec& r : recs) lines += std::to_string(r.line) + " ";
    groups_ptr->Note(key, Severity::kError, "order", file, recs.front().line, "", lines, "");
  });
  groups_ptr = &groups;
  FileView view;
  view.name = file;
  view.columns = {"key", "seq"};
  state.reread = [&](const std::string&, const std::function<void(const RowView&)>& on_row) {
    ++*rereads;
    for (const Row& r : rows) {
      const std::string seq = std::to_string(r.seq);
      std::vector<std::string_view> fields = {r.key, seq};
      RowView v;
      v.file = &view;
      v.line = r.line;
      v.fields = &fields;
      on_row(v);
    }
  };
  for (const Row& r : rows) groups.Add(r.key, {r.line, r.seq});
  groups.Finish("stop_times", [](const RowView& v, std::string_view* key, Rec* rec) {
    *key = v.Get(0);
    rec->line = v.line;
    return ParseInt(v.Get(1), &rec->seq);
  });
  return state.notices();
}

TEST(GroupedRows, EachGroupSortedBySequence) {
  int rereads = 0;
  auto notices = Check({{"A", 2, 2}, {"A", 3, 1}, {"B", 4, 1}}, &rereads);
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_EQ(notices[0].value, "3 2 ");
  EXPECT_EQ(notices[1].value, "4 ");
  EXPECT_EQ(rereads, 0);  // every key together: one reading
}

TEST(GroupedRows, AKeyWhoseRowsAreApartIsCheckedWholeOnce) {
  int rereads = 0;
  auto notices = Check({{"A", 2, 3}, {"B", 3, 1}, {"A", 4, 1}, {"A", 5, 2}}, &rereads);
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_EQ(notices[0].value, "3 ");      // B, from the first reading
  EXPECT_EQ(notices[1].value, "4 5 2 ");  // A, whole, from the second; its first, partial check is dropped
  EXPECT_EQ(rereads, 1);
}

}  // namespace
}  // namespace recpipe::parse_gtfs::check
