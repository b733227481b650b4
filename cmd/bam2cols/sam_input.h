// An alignment file opened through htslib: BAM, SAM (plain or bgzip) or CRAM, from a path or "-". htslib's thread
// pool decompresses; records are read one by one on the reading stage (not thread-safe: one owner).
// A damaged or truncated file is a DataError naming the file and the byte offset of the block that failed, and a
// file without its end-of-file block (BGZF or CRAM) is refused: at open for a file, at the end for a BGZF stream.
#pragma once

#include <htslib/hts.h>
#include <htslib/sam.h>
#include <htslib/thread_pool.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace recpipe::bam2cols {

struct InputOptions {
  std::string path = "-";
  std::string reference;    // --reference: a FASTA for CRAM
  int threads = 1;          // htslib's decompression pool
  int required_fields = 0;  // CRAM_OPT_REQUIRED_FIELDS
  // BGZF blocks htslib's pool may decompress ahead of the reader [0: htslib's 2 per thread]. More keep the pool
  // busy while a whole file is read, but read further past the end of a --region.
  int read_ahead_blocks = 0;
};

class SamInput {
 public:
  explicit SamInput(const InputOptions& options);
  ~SamInput();
  SamInput(const SamInput&) = delete;
  SamInput& operator=(const SamInput&) = delete;

  const std::string& name() const { return name_; }
  const sam_hdr_t* header() const { return header_; }
  sam_hdr_t* header() { return header_; }
  bool is_bam() const { return format_ == bam; }
  bool is_cram() const { return format_ == cram; }
  // Size of the file on disk, 0 when unknown (a pipe).
  uint64_t file_size() const { return file_size_; }

  // Restricts reading to these regions ("chr", "chr:A-B", "{name}:A-B"), each read once even where they overlap,
  // through the file's index. Throws DataError when there is no index, UsageError for an unknown reference.
  void SetRegions(const std::vector<std::string>& regions);

  // BAM only: the index, loaded (nullptr when the file has none).
  const hts_idx_t* LoadIndex();

  // BAM only: continues reading at a virtual offset (a record start).
  void Seek(int64_t voffset);
  // BAM: the virtual offset of the next record; others: compressed bytes read so far (<< 16).
  int64_t Tell() const;
  // Compressed bytes read so far, for --progress.
  uint64_t BytesDone() const;

  // Reads the next record into b; false at the end. Throws DataError on damaged input.
  bool Next(bam1_t* b);

  // BAM only, instead of Next: the decompressed bytes that follow, at most `max` and never past the end of the
  // current BGZF block, so that every byte's block is known: *block gets the virtual offset they start at.
  // 0 at the end of the input. The bytes are records cut anywhere; bam_record.h decodes them. Throws DataError
  // on damaged or truncated compressed data.
  size_t ReadBlockBytes(char* out, size_t max, int64_t* block);

 private:
  void Open(const InputOptions& options);
  void Close() noexcept;
  [[noreturn]] void Damaged(int code) const;
  std::string name_;
  htsFile* fp_ = nullptr;
  sam_hdr_t* header_ = nullptr;
  hts_idx_t* index_ = nullptr;
  hts_itr_t* iterator_ = nullptr;
  htsThreadPool pool_ = {nullptr, 0};
  htsExactFormat format_ = unknown_format;
  uint64_t file_size_ = 0;
  int64_t last_tell_ = 0;          // where the record being read started
  bool check_eof_at_end_ = false;  // a BGZF stream that could not be checked at open
};

}  // namespace recpipe::bam2cols
