// The output end of every command: encoded batch frames go out as a record stream, as TSV, CSV or JSON lines, into
// a pack container (ContainerSink) or into an SQLite database (SqliteSink).
//
// Threads: DeclareTable runs on the reading stage, Render on any worker (it only reads the table it is given), and
// Write/Finish/Fail on the single writing stage, which sees work in input order. A table's schema frame (or its
// text header) is written just before its first records, so frames never race ahead of the data.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "lib/buffer.h"
#include "lib/container_sink.h"
#include "lib/output_file.h"
#include "lib/schema.h"
#include "lib/sql/sqlite_sink.h"
#include "lib/text_format.h"

namespace recpipe {

struct SinkTable {
  uint32_t id;
  Schema schema;
  TableLayout layout;
};

class RecordSink {
 public:
  // container_codec: the codec of OutputForm::kPack, at its default level.
  RecordSink(OutputFile& out, OutputForm form, Codec container_codec = Codec::kZstd);
  ~RecordSink();

  OutputForm form() const { return form_; }
  // Registers a table; the pointer stays valid for the sink's life.
  const SinkTable* DeclareTable(Schema schema);
  // Turns batch frames of one table into output bytes (a copy for record streams, text otherwise); returns the
  // number of records they hold.
  uint64_t Render(const SinkTable& table, std::string_view frames, Buffer* out) const;
  // Writes rendered bytes of `records` records of one table, announcing the table first if it is new.
  void Write(const SinkTable& table, const Buffer& rendered, uint64_t records);
  // Render and Write in one, on the writing stage, for commands that do not render on their workers.
  void WriteFrames(const SinkTable& table, const Buffer& frames);
  // SQLite output: an index on these columns of a table, made at Finish; other outputs ignore it.
  void AddSqlIndex(const std::string& table, const std::vector<std::string>& columns);
  // Announces tables that had no records and writes the end marker (record streams).
  void Finish();
  // Tells downstream that this producer failed (record streams: an error frame). Never throws.
  void Fail(const std::string& message) noexcept;

  uint64_t records_out() const { return records_out_; }

 private:
  void Announce(const SinkTable& table);
  void WriteStreamHeader();

  OutputFile& out_;
  OutputForm form_;
  std::mutex tables_mutex_;
  std::vector<std::unique_ptr<SinkTable>> tables_;
  std::vector<uint64_t> counts_;      // per table id; writing stage only
  std::vector<bool> announced_;       // per table id; writing stage only
  const SinkTable* last_table_ = nullptr;
  bool header_written_ = false;
  Buffer scratch_;  // WriteFrames' text; writing stage only
  std::unique_ptr<ContainerSink> container_;  // OutputForm::kPack
  std::unique_ptr<SqliteSink> sqlite_;        // OutputForm::kSqlite
  uint64_t records_out_ = 0;
};

// For a catch block of a command's main: tells the readers of these sinks (those not null) that the command
// failed, passing an upstream failure on unchanged and prefixing any other with "COMMAND: error: ". A closed pipe
// is not reported: there is nobody to tell. The caller rethrows.
void ReportFailure(const char* command, std::initializer_list<RecordSink*> sinks) noexcept;

}  // namespace recpipe
