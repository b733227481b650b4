// The run: the input through htslib on the reading stage (its thread pool decompresses), records into columns on
// the workers of the ordered pipeline, the tables out on the writing stage. Work items hold whole records, cut by
// the records alone (count and bytes), so the output is the same for any -j.
// A BAM read whole or by --part (the common case, and the one the speed goals are about) goes by chunks of
// decompressed bytes (bam_chunks.h): the reading stage only copies them out of htslib, and the workers decode the
// records; SAM, CRAM and --region read record by record through htslib.
#include <fstream>
#include <memory>

#include "cmd/bam2cols/bam2cols.h"
#include "cmd/bam2cols/bam_chunks.h"
#include "cmd/bam2cols/bam_pieces.h"
#include "cmd/bam2cols/bam_record.h"
#include "cmd/bam2cols/column_spec.h"
#include "cmd/bam2cols/read_encoder.h"
#include "cmd/bam2cols/reference_table.h"
#include "cmd/bam2cols/sam_input.h"
#include "lib/endian.h"
#include "lib/error.h"
#include "lib/finish_run.h"
#include "lib/ordered_pipeline.h"
#include "lib/output_file.h"
#include "lib/progress.h"
#include "lib/record_sink.h"
#include "lib/run_stats.h"

namespace recpipe::bam2cols {
namespace {

constexpr size_t kItemReads = 8192;     // records per work item at most
constexpr size_t kItemBytes = 1 << 20;  // and about this many bytes of BAM record data
// A BAM read by chunks: bytes per chunk. Small enough that a chunk copied out of htslib on the reading stage is
// still in a cache the worker shares (1 MiB chunks took about 7% more CPU at -j2 than 128 KiB ones).
constexpr size_t kChunkBytes = 256 << 10;
struct BamDeleter {
  void operator()(bam1_t* b) const { bam_destroy1(b); }
};

struct Item {
  std::vector<std::unique_ptr<bam1_t, BamDeleter>> reads;  // record by record
  BamChunk chunk;                                          // or by chunks: the records' bytes
  std::unique_ptr<bam1_t, BamDeleter> decoded;             // a record of chunk, decoded
  size_t count = 0;
  uint64_t first_number = 0;  // of reads[0], 1-based in file (or region) order
  uint64_t bytes_done = 0;    // compressed bytes read when the item was complete
  Buffer frames, text;
  uint64_t records = 0;
  std::unique_ptr<ReadEncoder> encoder;  // made on first use; an item is on one worker at a time
};

// Bytes this process has read so far (the kernel's rchar): with --region, what the index let us skip shows here.
uint64_t BytesReadByProcess() {
  std::ifstream io("/proc/self/io");
  std::string key;
  uint64_t value = 0;
  while (io >> key >> value) {
    if (key == "rchar:") return value;
  }
  return 0;
}

bool Passes(const bam1_t* b, const ReadFilter& f) {
  const uint16_t flag = b->core.flag;
  return (flag & f.require_flags) == f.require_flags && (flag & f.exclude_flags) == 0 && b->core.qual >= f.min_mapq;
}

}  // namespace

void Convert(const Options& options) {
  const uint64_t read_before = BytesReadByProcess();
  ColumnSet columns = ParseColumns(options.columns, options.tags, options.all_tags);
  InputOptions io{options.input, options.reference, options.common.threads, columns.required_fields};
  // A region keeps the reads that overlap it: CRAM must decode where each read ends, whatever the columns.
  if (!options.regions.empty()) io.required_fields |= SAM_RNAME | SAM_POS | SAM_CIGAR;
  // A whole file: 16 blocks (1 MiB) ahead keep the pool busy while the reader hands a chunk on, with fewer thread
  // switches (64 saved no CPU time and took 16 MB more); a region keeps htslib's default, to read little past it.
  if (options.regions.empty()) io.read_ahead_blocks = 16;
  SamInput in(io);
  std::optional<BamPiece> piece;
  if (options.part || options.plan) {
    std::vector<BamPiece> plan = PlanBamPieces(in, in.Tell(), options.part ? options.part->second : *options.plan);
    if (options.plan) {
      OutputFile out(options.common.output);
      std::string text;
      for (size_t i = 0; i < plan.size(); ++i) {
        int64_t begin = plan[i].begin == -1 ? static_cast<int64_t>(in.file_size()) << 16 : plan[i].begin;
        int64_t end = plan[i].end == -1 ? static_cast<int64_t>(in.file_size()) << 16 : plan[i].end;
        text += std::to_string(i + 1) + "\t" + std::to_string(begin >> 16) + "\t" +
                std::to_string((end >> 16) - (begin >> 16)) + "\n";
      }
      out.Write(text);
      out.Commit();
      return;
    }
    piece = plan[options.part->first - 1];
    if (piece->begin != -1) in.Seek(piece->begin);
  }
  if (!options.regions.empty()) in.SetRegions(options.regions);

  StatsFile stats_file(options.common.stats_file);  // opened first: an unwritable FILE fails before any work
  OutputFile out(options.common.output);
  RecordSink sink(out, ResolveOutputForm(options.common, out.is_terminal()));
  const SinkTable* reads = nullptr;
  if (options.write_reads) {
    reads = sink.DeclareTable(
        ReadsSchema(columns, std::string(sam_hdr_str(in.header()), sam_hdr_length(in.header())), in.name()));
  }
  const bool text = IsText(sink.form());
  RunStats stats;
  try {
    if (reads != nullptr) {
      Progress progress(kCommand, in.file_size() ? std::optional<uint64_t>(in.file_size()) : std::nullopt,
                        options.common.progress, options.common.quiet);
      bool at_end = piece && piece->begin == -1;
      uint64_t number = 0;
      const bool by_chunks = in.is_bam() && options.regions.empty();
      const bool name_and_cigar_only = (columns.required_fields & (SAM_SEQ | SAM_QUAL | SAM_AUX | SAM_RGAUX)) == 0;
      BamChunker chunker(&in, piece ? piece->end : -1);
      const auto encode = [&](Item& item, const bam1_t* b, uint64_t n, BatchBuilder* builder) {
        if (Passes(b, options.filter)) item.encoder->Encode(b, n, builder);
      };
      RunOrdered<Item>(
          options.common.threads,
          [&](Item& item) {
            if (at_end) return false;
            item.count = 0;
            item.first_number = number + 1;
            if (by_chunks) {
              if (!chunker.Next(kChunkBytes, &item.chunk)) return false;
              item.count = item.chunk.records;
              number += item.count;
              item.bytes_done = in.BytesDone();
              return true;
            }
            size_t bytes = 0;
            while (item.count < kItemReads && bytes < kItemBytes) {
              if (piece && piece->end != -1 && in.Tell() >= piece->end) {
                at_end = true;
                break;
              }
              if (item.count == item.reads.size()) item.reads.emplace_back(bam_init1());
              bam1_t* b = item.reads[item.count].get();
              int64_t start = in.Tell();
              if (!in.Next(b)) {
                at_end = true;
                break;
              }
              if (piece && piece->end != -1 && start < piece->end && in.Tell() > piece->end) {
                throw DataError(in.name() + ":" + std::to_string(piece->end >> 16) +
                                ": the index's record start there is not one in the file (a stale index?)");
              }
              bytes += static_cast<size_t>(b->l_data);
              ++item.count;
            }
            number += item.count;
            item.bytes_done = in.BytesDone();
            return item.count != 0;
          },
          [&](Item& item) {
            if (!item.encoder)
              item.encoder = std::make_unique<ReadEncoder>(columns, reads->layout, in.header(), in.name());
            item.frames.clear();
            BatchBuilder builder(&item.frames, reads->id, reads->layout, options.batch_bytes);
            if (by_chunks) {
              if (!item.decoded) item.decoded.reset(bam_init1());
              bam1_t* b = item.decoded.get();
              const auto* data = reinterpret_cast<const uint8_t*>(item.chunk.bytes.data());
              size_t at = 0;
              for (size_t i = 0; i < item.count; ++i) {
                const uint32_t size = Load<uint32_t>(data + at);
                if (!DecodeBamRecord(data + at + 4, size, b, name_and_cigar_only)) {
                  throw DataError(in.name() + ":" + std::to_string(item.chunk.BlockOffsetOf(at)) +
                                  ": damaged record in the BGZF block starting at this offset");
                }
                encode(item, b, item.first_number + i, &builder);
                at += 4 + size_t{size};
              }
            } else {
              for (size_t i = 0; i < item.count; ++i)
                encode(item, item.reads[i].get(), item.first_number + i, &builder);
            }
            builder.Finish();
            item.records = builder.records();
            if (text) {
              item.text.clear();
              sink.Render(*reads, item.frames.view(), &item.text);
            }
          },
          [&](Item& item) {
            stats.records_in += item.count;
            if (item.records != 0) sink.Write(*reads, text ? item.text : item.frames, item.records);
            progress.Update(item.bytes_done);
          });
      progress.Finish();
    }
    // The references table once: in the whole file's output, or with --part in piece 1's.
    if (options.write_references && (!options.part || options.part->first == 1)) {
      const SinkTable* refs = sink.DeclareTable(ReferencesSchema(in.name()));
      Buffer frames;
      AppendReferences(in.header(), *refs, options.batch_bytes, &frames);
      sink.WriteFrames(*refs, frames);
    }
    stats.bytes_in = BytesReadByProcess() - read_before;  // the input and its index, as read from the system
    FinishRun(sink, out, stats, stats_file);
  } catch (...) {
    ReportFailure(kCommand, {&sink});
    throw;
  }
}

}  // namespace recpipe::bam2cols
