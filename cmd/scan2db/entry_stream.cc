// --to: the parsed entries as records of one table, "entries", so that listings go through dedupe, merge and pack
// like any other data. One record per line, in input order; nothing is aggregated, so every dialect and every
// --to form (rec, rpk, sqlite, tsv, csv, jsonl) works as it does for chunk.
#include <cstdio>

#include "cmd/scan2db/parse_blocks.h"
#include "cmd/scan2db/scan2db.h"
#include "lib/batch_builder.h"
#include "lib/finish_run.h"
#include "lib/output_file.h"
#include "lib/record_sink.h"
#include "lib/run_command.h"

namespace recpipe::scan2db {
namespace {

enum Column : size_t {
  kPath,
  kKind,
  kSize,
  kAllocated,
  kUid,
  kGid,
  kMode,
  kAtime,
  kMtime,
  kCtime,
  kInode,
  kGen,
  kNlink,
  kFileset,
  kPool,
};

Schema EntrySchema(const std::string& source, Dialect dialect) {
  const LogicalType us{Logical::kTimestamp, TimeUnit::kUs};
  Schema s;
  s.name = "entries";
  s.fields = {
      {"path", Type::kString, false},  {"kind", Type::kString, false},   {"size", Type::kU64, false},
      {"allocated", Type::kU64, true}, {"uid", Type::kU32, true},        {"gid", Type::kU32, true},
      {"mode", Type::kString, true},   {"atime", Type::kI64, true, us},  {"mtime", Type::kI64, true, us},
      {"ctime", Type::kI64, true, us}, {"inode", Type::kU64, false},     {"gen", Type::kU64, false},
      {"nlink", Type::kU64, false},    {"fileset", Type::kString, true}, {"pool", Type::kString, true},
  };
  s.metadata = {{"source", source}, {"dialect", DialectName(dialect)}};
  return s;
}

std::string_view KindName(EntryKind kind) {
  switch (kind) {
    case EntryKind::kFile: return "file";
    case EntryKind::kDirectory: return "dir";
    case EntryKind::kSymlink: return "symlink";
    case EntryKind::kOther: return "other";
    case EntryKind::kUnknown: return "unknown";
  }
  return "unknown";
}

}  // namespace

void RunEntryStream(const ScanOptions& options, InputFile& in, RunStats& stats, StatsFile& stats_file) {
  const Dialect dialect = ResolveDialect(options, in);
  OutputFile out(options.common.output);
  RecordSink sink(out, ResolveOutputForm(options.common, out.is_terminal()));
  try {
    const SinkTable* table = sink.DeclareTable(EntrySchema(in.name(), dialect));
    Buffer frames;
    uint64_t errors = 0;
    ParseBlocks(
        options, dialect, in, nullptr,
        [&](const ParsedBlock& block) {
          frames.clear();
          BatchBuilder b(&frames, table->id, table->layout);
          for (const ParsedEntry& p : block.entries) {
            const ScanEntry& e = p.entry;
            b.Begin();
            b.SetFixed<uint64_t>(kSize, e.size);
            if (e.has_allocated)
              b.SetFixed<uint64_t>(kAllocated, e.allocated);
            else
              b.SetNull(kAllocated);
            if (e.has_owner) {
              b.SetFixed<uint32_t>(kUid, e.uid);
              b.SetFixed<uint32_t>(kGid, e.gid);
            } else {
              b.SetNull(kUid);
              b.SetNull(kGid);
            }
            if (e.has_times) {
              b.SetFixed<int64_t>(kAtime, e.atime_us);
              b.SetFixed<int64_t>(kMtime, e.mtime_us);
              b.SetFixed<int64_t>(kCtime, e.ctime_us);
            } else {
              b.SetNull(kAtime);
              b.SetNull(kMtime);
              b.SetNull(kCtime);
            }
            b.SetFixed<uint64_t>(kInode, e.inode);
            b.SetFixed<uint64_t>(kGen, e.gen);
            b.SetFixed<uint64_t>(kNlink, e.nlink);
            const bool escaped = dialect == Dialect::kEscaped;
            if (e.mode.empty()) b.SetNull(kMode);
            if (!escaped) b.SetNull(kFileset), b.SetNull(kPool);
            // Variable fields in schema order: path, kind, mode, fileset, pool.
            b.AddVariable(e.path);
            b.AddVariable(KindName(e.kind));
            b.AddVariable(e.mode);
            b.AddVariable(escaped ? e.fileset : std::string_view());
            b.AddVariable(escaped ? e.pool : std::string_view());
            b.End();
          }
          b.Finish();
          sink.WriteFrames(*table, frames);
          stats.records_in += block.entries.size();
          stats.bytes_in += block.bytes;
        },
        &errors);
    stats.errors_skipped = errors;
    FinishRun(sink, out, stats, stats_file);
    if (errors > 0 && !options.common.quiet) {
      Warn("scan2db", std::to_string(errors) + " bad line" + (errors == 1 ? "" : "s") + " skipped (--max-errors " +
                          std::to_string(options.common.max_errors) + ")");
    }
  } catch (...) {
    ReportFailure("scan2db", {&sink});
    throw;
  }
}

}  // namespace recpipe::scan2db
