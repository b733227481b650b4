// dedupe: keeps the first record of each key of one table, in input order; other tables pass through. See
// man/dedupe.1. Inputs are read one after another through the ordered pipeline: workers fingerprint the keys of a
// group of batches, and the writing stage, which sees records in input order, decides first occurrence.
#pragma once

#include <cstdint>
#include <cstdio>
#include <unordered_map>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lib/command_line.h"
#include "lib/fingerprint_set.h"
#include "lib/input_file.h"
#include "lib/record_sink.h"
#include "lib/run_stats.h"
#include "cmd/dedupe/count_store.h"
#include "cmd/dedupe/exact_key_set.h"
#include "cmd/dedupe/exact_spill_store.h"
#include "cmd/dedupe/key_index.h"
#include "cmd/dedupe/spill_store.h"

namespace recpipe::dedupe {

// The least --memory: room for the program, batches in flight and SQLite's page cache besides the key set.
inline constexpr uint64_t kMinMemory = uint64_t{48} << 20;
// About what those take, measured with --index, two threads and 24-byte records (whose per-record bookkeeping
// in the batches in flight is largest).
inline constexpr uint64_t kBaseMemory = uint64_t{44} << 20;

struct DedupeOptions {
  CommonOptions common;
  std::vector<std::string> inputs;  // "-" when none is given
  std::vector<std::string> key;     // -k; empty: the whole record
  std::optional<std::string> table; // --table; else the first table of the first input
  size_t batch_bytes = 1 << 20;
  std::string index;                // --index FILE: keys remembered across runs
  bool exact = false;               // --exact: compare whole keys, not fingerprints
  bool count = false;               // --count: add how many records each key had; output at the end
  uint64_t memory = 0;              // --memory: bound on memory, spilling fingerprints to disk past it; 0: none
};

class Deduplicator {
 public:
  // dups and index may be null. With an index, keys seen in earlier runs count as seen; new keys are handed to
  // the index as their records are written. With `pending_run` (output into a pipe, the index in a run of its
  // own: KeyIndex::BeginRun) they are stored as the run's pending keys while the next batches are read; otherwise
  // they wait, in memory or parked on disk, until the caller commits the index after the output itself.
  Deduplicator(const DedupeOptions& options, RecordSink& out, RecordSink* dups, KeyIndex* index, bool pending_run,
               RunStats& stats);

  // Reads one input to its end marker.
  void Run(InputFile& in);
  // After the last input: fails if the table to deduplicate never appeared.
  void Finish();

  ~Deduplicator();
  uint64_t dropped() const { return dropped_; }

 private:
  struct Table {
    const SinkTable* out = nullptr;
    const SinkTable* dups = nullptr;
    bool keyed = false;
    std::vector<size_t> key_fields;  // indexes into the schema; empty with keyed: the whole record
    std::string first_input;         // for schema conflict messages
  };
  Table& Declare(const Schema& schema, const std::string& input);
  // --count: the first records wait in a temporary file until every key has been counted.
  void Spill(std::string_view record, const Fingerprint& fp);
  void WriteCounted();
  bool OverMemoryBudget() const;

  const DedupeOptions& options_;
  RecordSink& out_;
  RecordSink* dups_;
  KeyIndex* index_;
  bool pending_run_;
  RunStats& stats_;
  FingerprintSet seen_;
  ExactKeySet exact_seen_;
  std::unique_ptr<SpillStore> spilled_;              // with --memory
  std::unique_ptr<ExactSpillStore> exact_spilled_;   // with --memory and --exact, instead
  std::map<std::string, Table> tables_;  // by table name, across inputs
  bool found_keyed_ = false;
  const Table* keyed_ = nullptr;
  struct FingerprintHash {
    size_t operator()(const Fingerprint& fp) const { return static_cast<size_t>(fp.low); }
  };
  std::unordered_map<Fingerprint, uint64_t, FingerprintHash> counts_;  // --count
  std::unique_ptr<CountStore> count_store_;                           // --count under --memory, instead
  std::vector<Fingerprint> count_scratch_;
  std::FILE* spill_ = nullptr;
  uint64_t dropped_ = 0;
};

}  // namespace recpipe::dedupe
