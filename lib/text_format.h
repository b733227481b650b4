// Records as text: TSV (escapes \t \n \r \\, \N for null), RFC 4180 CSV (null empty, empty string ""), and JSON
// lines (keys in schema order, bytes as base64). Floats are written in the shortest form that reads back exactly.
// Fields of a logical type are written in its text form (lib/logical_text.h: 25:10:00, 2024-03-01, ...; a JSON
// string); one whose text form cannot show it (a date past 9999) is a DataError naming the table and field.
// Pure functions: thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "lib/buffer.h"
#include "lib/record_view.h"
#include "lib/schema.h"

namespace recpipe {

// kPack: a pack container (recpipe-pack(5)), written by ContainerSink.
// kSqlite: an SQLite database, written by SqliteSink (lib/sql/sqlite_sink.h).
enum class OutputForm { kRec, kTsv, kCsv, kJsonl, kPack, kSqlite };
inline bool IsText(OutputForm form) {
  return form == OutputForm::kTsv || form == OutputForm::kCsv || form == OutputForm::kJsonl;
}

std::optional<OutputForm> ParseOutputForm(std::string_view name);
std::string_view OutputFormName(OutputForm form);

// The header line (TSV and CSV: field names; JSON lines: nothing).
void RenderHeader(OutputForm form, const Schema& schema, Buffer* out);
// One record and its line feed.
void RenderRecord(OutputForm form, const Schema& schema, const TableLayout& layout, const RecordView& record,
                  Buffer* out);

// The pieces, for tests and other renderers.
void AppendTsvEscaped(std::string_view s, Buffer* out);
void AppendCsvField(std::string_view s, char delimiter, Buffer* out);
void AppendJsonString(std::string_view s, Buffer* out);
void AppendBase64(std::string_view s, Buffer* out);
void AppendNumber(const RecordView& record, size_t field, Type type, Buffer* out);
// A field as its logical type's text (as a number when it has none).
void AppendLogical(const Schema& schema, const RecordView& record, size_t field, Buffer* out);

}  // namespace recpipe
