// A FrameSource that reads another on a thread of its own, up to `depth` frames ahead of its consumer, so that
// the inputs of an ordered merge are read, decompressed and checked in parallel while the merge itself runs
// serially. The consumer sees the same frames in the same order, and an input's error (damage, an upstream
// failure) is thrown by Next at the point where the input had it, so output and messages do not depend on timing.
//
// Next, schema, layout, table_order and records belong to the consumer's thread; they answer from copies taken as
// frames are handed over, never from the source, which the reading thread owns. The destructor stops the reading
// thread (after the read it may be in) and joins it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "lib/frame_source.h"
#include "lib/input_file.h"

namespace recpipe::merge {

class ReadAheadSource : public FrameSource {
 public:
  // file is what source reads from: its byte count is sampled on the reading thread (raw_bytes_read).
  ReadAheadSource(std::unique_ptr<FrameSource> source, InputFile& file, size_t depth);
  ~ReadAheadSource() override;

  bool Next(Frame* frame) override;
  const Schema& schema(uint32_t table_id) const override { return tables_.at(table_id).schema; }
  const TableLayout& layout(uint32_t table_id) const override { return *tables_.at(table_id).layout; }
  const std::vector<uint32_t>& table_order() const override { return order_; }
  uint64_t records(uint32_t table_id) const override { return tables_.at(table_id).records; }
  const std::string& name() const override { return name_; }
  // The input's bytes read up to the frame last handed out.
  uint64_t raw_bytes_read() const { return raw_read_; }

 private:
  struct Entry {
    enum Kind { kFrame, kEnd, kError } kind = kFrame;
    Frame frame;
    std::optional<Schema> schema;  // with a schema frame
    std::exception_ptr error;
    uint64_t raw_read = 0;
  };
  struct Table {
    Schema schema;
    std::unique_ptr<TableLayout> layout;
    uint64_t records = 0;
  };
  void Read();  // the reading thread

  std::unique_ptr<FrameSource> source_;
  InputFile& file_;
  const size_t depth_;
  const std::string name_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Entry> ready_;    // read, not yet handed out
  std::vector<Buffer> spare_;  // buffers handed back, for the reading thread to fill again
  bool stop_ = false;
  std::thread thread_;
  // Consumer side.
  std::map<uint32_t, Table> tables_;
  std::vector<uint32_t> order_;
  uint64_t raw_read_ = 0;
  bool ended_ = false;
};

}  // namespace recpipe::merge
