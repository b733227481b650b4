// merge -k: an ordered merge of inputs that are each sorted by the key, like sort -m. The keyed table's records
// come out in key order (KeyCompare), ties in input order; each input's order is checked as it is read, and the
// first record out of order is an error naming the input and the record. Records of other tables pass through as
// the merge meets them in the inputs. At most two batch frames per input are held (the current one and the one
// before it, whose last record the next is checked against), so memory does not grow with the inputs' length.
//
// The merge itself is serial: it is the reading stage of the ordered pipeline, handing out batches of merged
// records (and other tables' frames) that the workers render and the writing stage writes.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cmd/merge/merge_input.h"
#include "cmd/merge/merge_item.h"
#include "cmd/merge/merge_options.h"
#include "cmd/merge/merge_output.h"
#include "cmd/merge/table_registry.h"
#include "lib/batch_builder.h"
#include "lib/key_compare.h"
#include "lib/record_view.h"
#include "lib/run_stats.h"

namespace recpipe::merge {

class OrderedMerge {
 public:
  // Opens every input. out receives the tables as they appear.
  OrderedMerge(const MergeOptions& options, MergeOutput& out, RunStats& stats);
  ~OrderedMerge();

  // Fills item with the next batch of output, of one table. False when every input has ended. Throws DataError
  // on an input out of order, a schema conflict, a missing key field.
  bool Next(MergeItem& item);
  // After Next returned false: fails if --table named a table no input had.
  void Finish() const;
  // Input bytes read so far, and in all (when every input's size is known), for progress and --stats.
  uint64_t raw_bytes_read() const;
  std::optional<uint64_t> raw_size() const;
  uint64_t dropped() const { return dropped_; }

 private:
  struct Cursor;
  enum class Refilled { kItem, kReady, kEnded };
  // Reads frames of input i until its next batch of the keyed table, which becomes its current one (kReady), or
  // its end (kEnded). A batch of another table met on the way goes to item (kItem; i still waits).
  Refilled Refill(size_t i, MergeItem& item);
  void ChooseKeyedTable(const MergedTable& table, const std::string& input);
  // Moves cursor i to its next record in its current frame, checking the order; false at the frame's end.
  bool Advance(Cursor& c);
  void CheckOrder(const Cursor& c) const;
  void Emit(const RecordView& record, const TableLayout& layout);
  bool TakeOutput(MergeItem& item);
  bool Less(size_t a, size_t b) const;
  void PushHeap(size_t i);
  size_t PopHeap();
  // After the top's record changed: moves it down to its place (one pass, not a pop and a push).
  void SiftDownTop();

  const MergeOptions& options_;
  MergeOutput& out_;
  RunStats& stats_;
  TableRegistry registry_;
  std::vector<std::unique_ptr<Cursor>> cursors_;
  std::deque<size_t> waiting_;  // inputs that need their next keyed batch before the merge can go on
  std::vector<size_t> heap_;    // inputs with a current record: a min-heap on (key, input index)
  Frame incoming_;
  const MergedTable* keyed_ = nullptr;
  std::optional<KeyCompare> compare_;
  Buffer out_frames_;  // merged records being batched
  std::optional<BatchBuilder> builder_;
  std::string last_;  // --unique: the last record written, copied (its batch may be gone)
  std::optional<RecordView> last_view_;
  uint64_t dropped_ = 0;
};

}  // namespace recpipe::merge

namespace recpipe::merge {

// Runs an OrderedMerge of options.inputs through the ordered pipeline into out (not finished: the caller does
// that).
void MergeOrdered(const MergeOptions& options, MergeOutput& out, RunStats& stats);

}  // namespace recpipe::merge
