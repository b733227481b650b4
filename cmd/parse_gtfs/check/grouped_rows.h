// Rows that belong together by a key and are ordered by a sequence number (stop_times by trip_id and
// stop_sequence, shapes by shape_id and shape_pt_sequence), checked one group at a time with only that group in
// memory. Feeds keep a group's rows together; when a key comes back after other keys (its rows are apart), what
// was found for it is dropped and the group is checked again at the end, from a second reading of the file that
// keeps only the rows of such keys. One thread.
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cmd/parse_gtfs/check/check_state.h"

namespace recpipe::parse_gtfs::check {

// Rec: a small record with `uint64_t line` and `int64_t seq`.
template <typename Rec>
class GroupedRows {
 public:
  // check(key id, sorted rows): the rules for one group; it reports through Note.
  using CheckFn = std::function<void(uint32_t key, std::vector<Rec>& rows)>;

  GroupedRows(CheckState& state, CheckFn check) : s_(state), check_(std::move(check)) {}

  // A row of key `key` (a view valid for the call). Returns the key's id.
  uint32_t Add(std::string_view key, const Rec& rec) {
    if (!open_ || key != current_) {
      Close();
      current_.assign(key);
      current_id_ = keys_.Intern(key);
      open_ = true;
    }
    rows_.push_back(rec);
    return current_id_;
  }

  // Ends the current group (call at the end of the file).
  void Close() {
    if (!open_) return;
    open_ = false;
    if (seen_.size() <= current_id_) seen_.resize(current_id_ + 1, 0);
    if (seen_[current_id_]) {
      seen_[current_id_] = 2;  // apart: checked again at the end
    } else {
      seen_[current_id_] = 1;
      Sort(rows_);
      check_(current_id_, rows_);
    }
    rows_.clear();
  }

  // What a group's check finds (kept until Finish, dropped if the key turns out to be apart).
  void Note(uint32_t key, Severity severity, std::string code, const std::string& file, uint64_t line,
            std::string field, std::string_view value, std::string message) {
    notes_.push_back(
        {key, severity, std::move(code), &file, line, std::move(field), Excerpt(value), std::move(message)});
  }

  // The rows again (the table's second reading), for the keys that were apart; then every note goes to the state.
  // extract(row, &key, &rec): false for a row to skip.
  template <typename Extract>
  void Finish(const std::string& table, Extract extract) {
    Close();
    std::unordered_map<uint32_t, std::vector<Rec>> apart;
    for (uint32_t k = 0; k < seen_.size(); ++k) {
      if (seen_[k] == 2) apart[k];
    }
    if (!apart.empty()) {
      std::vector<Note_> kept;
      for (Note_& n : notes_) {
        if (!apart.count(n.key)) kept.push_back(std::move(n));
      }
      notes_ = std::move(kept);
      s_.reread(table, [&](const RowView& row) {
        std::string_view key;
        Rec rec;
        if (!extract(row, &key, &rec)) return;
        std::optional<uint32_t> id = keys_.Find(key);
        if (!id) return;
        auto it = apart.find(*id);
        if (it != apart.end()) it->second.push_back(rec);
      });
      std::vector<uint32_t> order;
      for (auto& [k, rows] : apart) order.push_back(k);
      std::sort(order.begin(), order.end());
      for (uint32_t k : order) {
        Sort(apart[k]);
        check_(k, apart[k]);
        std::vector<Rec>().swap(apart[k]);
      }
    }
    for (Note_& n : notes_) {
      s_.Add(n.severity, std::move(n.code), *n.file, n.line, std::move(n.field), n.value, std::move(n.message));
    }
    notes_.clear();
  }

  const StringPool& keys() const { return keys_; }

 private:
  static void Sort(std::vector<Rec>& rows) {
    std::stable_sort(rows.begin(), rows.end(), [](const Rec& a, const Rec& b) { return a.seq < b.seq; });
  }

  struct Note_ {
    uint32_t key;
    Severity severity;
    std::string code;
    const std::string* file;
    uint64_t line;
    std::string field, value, message;
  };

  CheckState& s_;
  CheckFn check_;
  StringPool keys_;            // every key met, interned once
  std::vector<uint8_t> seen_;  // by key id: 0 not yet, 1 one group, 2 apart
  bool open_ = false;
  std::string current_;
  uint32_t current_id_ = 0;
  std::vector<Rec> rows_;
  std::vector<Note_> notes_;
};

}  // namespace recpipe::parse_gtfs::check
