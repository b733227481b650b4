// The usage database: parse and summarize each block on all threads (per-uid figures into each worker's own
// table, files into one partial per directory), merge the summaries into the directory aggregate on the ordered
// stage, then one walk of the tree writes every row (DbWriter) and the OutputFile is renamed into place only after
// SQLite has closed cleanly.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <mutex>
#include <vector>

#include "cmd/scan2db/db_writer.h"
#include "cmd/scan2db/dialect.h"
#include "cmd/scan2db/dir_tree.h"
#include "cmd/scan2db/parse_blocks.h"
#include "lib/error.h"
#include "lib/output_file.h"
#include "lib/run_command.h"

namespace recpipe::scan2db {
namespace {

// One OwnerTable per worker busy at once: a worker takes one for a block and gives it back.
class OwnerTablePool {
 public:
  OwnerTable* Get() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (free_.empty()) {
      all_.push_back(std::make_unique<OwnerTable>());
      return all_.back().get();
    }
    OwnerTable* table = free_.back();
    free_.pop_back();
    return table;
  }
  void Put(OwnerTable* table) {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(table);
  }
  // After the pipeline: every table, none in use (the lock makes the workers' last writes visible to
  // ThreadSanitizer, which cannot see inside libtbb).
  std::vector<const OwnerTable*> All() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<const OwnerTable*> tables;
    for (const auto& t : all_) tables.push_back(t.get());
    return tables;
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<OwnerTable>> all_;
  std::vector<OwnerTable*> free_;
};

// CPU seconds of the calling thread so far (for SCAN2DB_TIME_REPORT: the ordered stage's share).
double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

}  // namespace

Dialect ResolveDialect(const ScanOptions& options, InputFile& in) {
  if (options.dialect) return *options.dialect;
  std::optional<Dialect> detected = DetectDialect(in.Peek(1 << 16));
  if (!detected) {
    throw DataError(in.name() +
                    ": not a scan listing in a dialect scan2db knows (keyvalue, escaped, default); "
                    "see --dialect");
  }
  return *detected;
}

void RunDatabase(const ScanOptions& options, InputFile& in, RunStats& stats, StatsFile& stats_file) {
  const bool time_report = std::getenv("SCAN2DB_TIME_REPORT") != nullptr;  // for bench/scan2db.sh
  const auto start = std::chrono::steady_clock::now();
  const Dialect dialect = ResolveDialect(options, in);
  std::optional<int64_t> scan_time = options.scan_time_us;
  if (!scan_time && dialect == Dialect::kEscaped) scan_time = GeneratedTime(in.Peek(1 << 16));

  OutputFile out(options.common.output);
  DbWriter writer(out, options.common.threads);  // before reading: a bad output name fails at once
  const bool kinds_from_tree = dialect == Dialect::kDefault;
  DirTree tree(kinds_from_tree);
  OwnerTablePool owner_tables;
  uint64_t errors = 0;
  uint64_t records = 0;
  uint64_t bytes_in = 0;
  double ordered_cpu = 0;  // thread CPU seconds of the ordered stage, for SCAN2DB_TIME_REPORT
  const uint64_t lines = ParseBlocks(
      options, dialect, in,
      [&](ParsedBlock& block) {
        if (kinds_from_tree) {  // each entry goes to the tree, which decides the kinds
          for (ParsedEntry& p : block.entries) {
            p.path_hash = PathHash(p.entry.path);
            p.parent_hash = PathHash(ParentPath(p.entry.path));
          }
          return;
        }
        OwnerTable* owners = owner_tables.Get();
        try {
          SummarizeBlock(block.entries, owners, &block.summary);
        } catch (...) {
          owner_tables.Put(owners);
          throw;
        }
        owner_tables.Put(owners);
      },
      [&](const ParsedBlock& block) {
        const double cpu_before = time_report ? ThreadCpuSeconds() : 0;  // a system call: only when asked
        if (kinds_from_tree) {
          for (const ParsedEntry& p : block.entries) tree.Add(p.entry, p.path_hash, p.parent_hash);
        } else {
          tree.AddSummary(block.summary);
        }
        records += block.entries.size();
        bytes_in += block.bytes;
        if (time_report) ordered_cpu += ThreadCpuSeconds() - cpu_before;
      },
      &errors);
  const auto parsed = std::chrono::steady_clock::now();
  for (const OwnerTable* owners : owner_tables.All()) tree.MergeOwners(*owners);
  if (!scan_time && tree.has_times()) scan_time = tree.newest_time_us();
  const uint64_t peak_tree = tree.MemoryBytes();
  const uint64_t allocated_tree = tree.AllocatedBytes();
  const uint64_t nodes = tree.node_count();

  tree.Finish(
      [&](const std::string& path, uint64_t entries) {
        for (uint64_t i = 0; i < entries; ++i) {
          CountError(options,
                     in.name() + ": " + path + ": " + std::to_string(entries) +
                         " entries below no listed directory (outside the tree)",
                     &errors);
        }
      },
      [&](const DirRow& row) { writer.Enter(row); }, [&](const DirRow& row) { writer.Leave(row); });
  const auto walked = std::chrono::steady_clock::now();  // the owner rows count under "owner rows" (scan2db(1))
  const OwnerRows owner_rows = BuildOwnerRows(tree.owners(), scan_time);

  ScanInfo info;
  info.source_file = in.name();
  info.dialect = DialectName(dialect);
  info.scan_time_us = scan_time;
  info.lines = lines;
  info.errors_skipped = errors;
  writer.Finish(owner_rows, tree.totals(), info);
  const auto written = std::chrono::steady_clock::now();
  stats.records_in = records;
  stats.records_out = tree.totals().directories;
  stats.bytes_in = bytes_in;
  out.CountBytesOfTemporaryFile();
  stats.bytes_out = out.bytes_written();
  stats.errors_skipped = errors;
  // The statistics before the rename: a failure to write them leaves no database that looks finished.
  stats_file.Commit(stats);
  out.Commit();

  if (errors > 0 && !options.common.quiet) {
    Warn("scan2db", std::to_string(errors) + " bad line" + (errors == 1 ? "" : "s") + " skipped (--max-errors " +
                        std::to_string(options.common.max_errors) + ")");
  }
  if (std::getenv("SCAN2DB_MEMORY_REPORT")) {
    const double per = nodes ? 1.0 / static_cast<double>(nodes) : 0.0;
    std::fprintf(stderr,
                 "scan2db: aggregate: %llu nodes, %llu bytes in use (%.1f bytes per node), %llu allocated (%.1f)\n",
                 static_cast<unsigned long long>(nodes), static_cast<unsigned long long>(peak_tree),
                 static_cast<double>(peak_tree) * per, static_cast<unsigned long long>(allocated_tree),
                 static_cast<double>(allocated_tree) * per);
  }
  if (time_report) {  // where the wall time of a run goes
    auto seconds = [](auto from, auto to) { return std::chrono::duration<double>(to - from).count(); };
    std::fprintf(stderr,
                 "scan2db: seconds: %.2f parse and aggregate (of it %.2f CPU on the ordered stage), %.2f tree walk "
                 "and rows, %.2f owner rows and metadata, %.2f indexes and commit\n",
                 seconds(start, parsed), ordered_cpu, seconds(parsed, walked),
                 seconds(walked, written) - writer.index_seconds(), writer.index_seconds());
  }
}

}  // namespace recpipe::scan2db
