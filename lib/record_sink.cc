#include "lib/record_sink.h"

#include "lib/block_codec.h"
#include "lib/byte_cursor.h"
#include "lib/error.h"
#include "lib/frame.h"
#include "lib/record_view.h"

namespace recpipe {

RecordSink::RecordSink(OutputFile& out, OutputForm form, Codec container_codec) : out_(out), form_(form) {
  if (form_ == OutputForm::kPack) {
    container_ = std::make_unique<ContainerSink>(out_, container_codec, LevelsOf(container_codec).fallback);
  }
  if (form_ == OutputForm::kSqlite) sqlite_ = std::make_unique<SqliteSink>(out_);
}

RecordSink::~RecordSink() = default;

const SinkTable* RecordSink::DeclareTable(Schema schema) {
  std::lock_guard<std::mutex> lock(tables_mutex_);
  auto id = static_cast<uint32_t>(tables_.size());
  TableLayout layout(schema);
  tables_.push_back(std::make_unique<SinkTable>(SinkTable{id, std::move(schema), layout}));
  return tables_.back().get();
}

uint64_t RecordSink::Render(const SinkTable& table, std::string_view frames, Buffer* out) const {
  uint64_t records = RecordsInFrames(frames);
  if (!IsText(form_)) {
    out->Append(frames);
  } else {
    ForEachRecordInFrames(table.layout, frames,
                          [&](const RecordView& r) { RenderRecord(form_, table.schema, table.layout, r, out); });
  }
  return records;
}

void RecordSink::WriteFrames(const SinkTable& table, const Buffer& frames) {
  if (!IsText(form_)) {
    Write(table, frames, RecordsInFrames(frames.view()));
    return;
  }
  scratch_.clear();
  uint64_t records = Render(table, frames.view(), &scratch_);
  Write(table, scratch_, records);
}

void RecordSink::WriteStreamHeader() {
  if (header_written_ || form_ != OutputForm::kRec) return;
  Buffer b;
  AppendStreamHeader(&b);
  out_.Write(b.view());
  header_written_ = true;
}

void RecordSink::Announce(const SinkTable& table) {
  if (announced_.size() <= table.id) {
    announced_.resize(table.id + 1, false);
    counts_.resize(table.id + 1, 0);
  }
  if (form_ == OutputForm::kPack) {
    if (!announced_[table.id]) container_->DeclareTable(table.id, table.schema, table.layout);
  } else if (form_ == OutputForm::kSqlite) {
    if (!announced_[table.id]) sqlite_->DeclareTable(table.id, table.schema, table.layout);
  } else if (form_ == OutputForm::kRec) {
    if (announced_[table.id]) return;
    WriteStreamHeader();
    Buffer b;
    AppendFrame(&b, FrameType::kSchema, table.id, 0, EncodeSchema(table.schema));
    out_.Write(b.view());
  } else if (last_table_ != &table) {
    Buffer b;
    RenderHeader(form_, table.schema, &b);
    out_.Write(b.view());
  }
  announced_[table.id] = true;
  last_table_ = &table;
}

void RecordSink::Write(const SinkTable& table, const Buffer& rendered, uint64_t records) {
  if (rendered.empty()) return;
  Announce(table);
  counts_[table.id] += records;
  records_out_ += records;
  if (container_) {
    container_->Add(table.id, rendered.view());
  } else if (sqlite_) {
    sqlite_->Add(table.id, rendered.view());
  } else {
    out_.Write(rendered.view());
  }
}

void RecordSink::Finish() {
  std::vector<const SinkTable*> all;
  {
    std::lock_guard<std::mutex> lock(tables_mutex_);
    for (const auto& t : tables_) all.push_back(t.get());
  }
  for (const SinkTable* t : all) {
    if (announced_.size() <= t->id || !announced_[t->id]) Announce(*t);
  }
  if (container_) container_->Finish();
  if (sqlite_) {
    sqlite_->Finish();
    out_.CountBytesOfTemporaryFile();
  }
  if (form_ != OutputForm::kRec) return;
  WriteStreamHeader();
  std::string payload;
  ByteWriter w(&payload);
  w.Write<uint32_t>(static_cast<uint32_t>(all.size()));
  for (const SinkTable* t : all) {
    w.Write<uint32_t>(t->id);
    w.Write<uint64_t>(counts_[t->id]);
  }
  Buffer b;
  AppendFrame(&b, FrameType::kEnd, 0, 0, payload);
  out_.Write(b.view());
}

void RecordSink::AddSqlIndex(const std::string& table, const std::vector<std::string>& columns) {
  if (sqlite_) sqlite_->AddIndex(table, columns);
}

void RecordSink::Fail(const std::string& message) noexcept {
  if (form_ != OutputForm::kRec) return;
  try {
    WriteStreamHeader();
    std::string payload;
    ByteWriter(&payload).WriteString(message);
    Buffer b;
    AppendFrame(&b, FrameType::kError, 0, 0, payload);
    out_.Write(b.view());
  } catch (...) {
    // The output itself failed; the exit code and message on stderr still tell.
  }
}

void ReportFailure(const char* command, std::initializer_list<RecordSink*> sinks) noexcept {
  std::string message;
  try {
    throw;
  } catch (const BrokenPipe&) {
    return;
  } catch (const UpstreamError& e) {
    message = e.what();
  } catch (const std::exception& e) {
    message = std::string(command) + ": error: " + e.what();
  } catch (...) {
    message = std::string(command) + ": error: unknown failure";
  }
  for (RecordSink* sink : sinks) {
    if (sink) sink->Fail(message);
  }
}

}  // namespace recpipe
