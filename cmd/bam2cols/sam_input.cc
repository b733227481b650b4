#include "cmd/bam2cols/sam_input.h"

#include <htslib/bgzf.h>
#include <htslib/cram.h>
#include <htslib/hfile.h>
#include <htslib/hts_log.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "lib/error.h"

namespace recpipe::bam2cols {

SamInput::SamInput(const InputOptions& o) : name_(o.path == "-" ? "stdin" : o.path) {
  try {
    Open(o);
  } catch (...) {
    Close();  // the destructor does not run for a constructor that throws
    throw;
  }
}

void SamInput::Open(const InputOptions& o) {
  // Every failure becomes one message of ours that names the file and the place; htslib's own lines would repeat
  // it in another form.
  hts_set_log_level(HTS_LOG_OFF);
  errno = 0;
  fp_ = hts_open(o.path.c_str(), "r");
  if (fp_ == nullptr) {
    if (errno == ENOENT || errno == EACCES || errno == EISDIR || errno == ENOTDIR || errno == EPERM) {
      ThrowSystemError(name_, errno);
    }
    throw DataError(name_ + ": not a SAM, BAM or CRAM file");
  }
  const htsFormat* format = hts_get_format(fp_);
  format_ = format->format;
  if (format_ != sam && format_ != bam && format_ != cram) {
    char* description = hts_format_description(format);  // malloc'ed
    std::string seen = description ? description : "unknown";
    std::free(description);
    throw DataError(name_ + ": not a SAM, BAM or CRAM file (htslib sees " + seen + ")");
  }
  struct stat st;
  if (o.path != "-" && stat(o.path.c_str(), &st) == 0 && S_ISREG(st.st_mode))
    file_size_ = static_cast<uint64_t>(st.st_size);
  if (file_size_ != 0 && (format_ == bam || format_ == cram || format->compression == bgzf)) {
    // 0: the end-of-file block is missing; 1: present; 2: cannot tell; 3: not a BGZF/CRAM file.
    if (hts_check_EOF(fp_) == 0) {
      throw DataError(name_ + ":" + std::to_string(file_size_) +
                      ": the end-of-file block is missing: the file is truncated (samtools quickcheck says the same)");
    }
  }
  if (format_ == cram) {
    if (!o.reference.empty() && hts_set_opt(fp_, CRAM_OPT_REFERENCE, o.reference.c_str()) != 0) {
      throw DataError(o.reference +
                      ": cannot use as the CRAM reference (a FASTA file, with its .fai or writable folder)");
    }
    hts_set_opt(fp_, CRAM_OPT_REQUIRED_FIELDS, o.required_fields);
  }
  // On a pipe the end-of-file block can only be checked when it is reached, and htslib's threaded BGZF reader
  // does not tell whether it was (it takes a stream cut at a block boundary for a clean end); so there htslib
  // decompresses on the reading thread. Workers still turn records into columns.
  const bool bgzf_input = format_ == bam || (format_ == sam && format->compression == bgzf);
  check_eof_at_end_ = file_size_ == 0 && bgzf_input;
  if (o.threads > 1 && !check_eof_at_end_) {
    pool_.pool = hts_tpool_init(o.threads);
    if (pool_.pool == nullptr) throw DataError(name_ + ": cannot start htslib's thread pool");
    pool_.qsize = o.read_ahead_blocks;
    hts_set_thread_pool(fp_, &pool_);
  }
  header_ = sam_hdr_read(fp_);
  if (header_ == nullptr) throw DataError(name_ + ":0: cannot read the header (damaged or not an alignment file)");
}

SamInput::~SamInput() { Close(); }

void SamInput::Close() noexcept {
  if (iterator_) hts_itr_destroy(iterator_);
  if (index_) hts_idx_destroy(index_);
  if (header_) sam_hdr_destroy(header_);
  if (fp_) hts_close(fp_);
  if (pool_.pool) hts_tpool_destroy(pool_.pool);
  iterator_ = nullptr;
  index_ = nullptr;
  header_ = nullptr;
  fp_ = nullptr;
  pool_.pool = nullptr;
}

const hts_idx_t* SamInput::LoadIndex() {
  if (index_ == nullptr && name_ != "stdin") index_ = sam_index_load(fp_, name_.c_str());
  return index_;
}

void SamInput::SetRegions(const std::vector<std::string>& regions) {
  if (name_ == "stdin") throw UsageError("--region needs a file with an index, not standard input");
  if (LoadIndex() == nullptr) {
    throw DataError(name_ + ": --region needs an index beside the file (" +
                    (format_ == cram ? std::string(".crai") : std::string(".bai or .csi")) + "; `samtools index " +
                    name_ + "` makes one)");
  }
  std::vector<char*> list;
  for (const std::string& r : regions) {
    int tid = -1;
    hts_pos_t beg = 0, end = 0;
    if (sam_parse_region(header_, r.c_str(), &tid, &beg, &end, 0) == nullptr || tid < 0) {
      throw UsageError("--region '" + r + "': no such reference in " + name_ + ", or not chr, chr:A-B or chr:A-");
    }
    list.push_back(const_cast<char*>(r.c_str()));
  }
  iterator_ = sam_itr_regarray(index_, header_, list.data(), static_cast<unsigned>(list.size()));
  if (iterator_ == nullptr) throw DataError(name_ + ": cannot read the index for --region");
}

void SamInput::Seek(int64_t voffset) {
  if (bgzf_seek(fp_->fp.bgzf, voffset, SEEK_SET) != 0) {
    throw DataError(name_ + ":" + std::to_string(voffset >> 16) + ": cannot seek there");
  }
}

int64_t SamInput::Tell() const {
  if (format_ == cram) return static_cast<int64_t>(htell(cram_fd_get_fp(fp_->fp.cram))) << 16;
  // Plain SAM is read through an hFILE, not a BGZF (htsFile's fp is a union): its offset is the file's.
  if (format_ == sam && fp_->format.compression == no_compression) return static_cast<int64_t>(htell(fp_->fp.hfile)) << 16;
  return bgzf_tell(fp_->fp.bgzf);
}

uint64_t SamInput::BytesDone() const { return static_cast<uint64_t>(Tell() >> 16); }

bool SamInput::Next(bam1_t* b) {
  last_tell_ = Tell();
  int r = iterator_ ? sam_itr_next(fp_, iterator_, b) : sam_read1(fp_, header_, b);
  if (r >= 0) return true;
  if (r == -1) {
    // A stream cut at a block boundary, or just before its end-of-file block, reads as a clean end.
    if (check_eof_at_end_ && !fp_->fp.bgzf->last_block_eof) {
      throw DataError(name_ + ":" + std::to_string(BytesDone()) +
                      ": the end-of-file block is missing: the input is truncated");
    }
    return false;
  }
  Damaged(r);
}

size_t SamInput::ReadBlockBytes(char* out, size_t max, int64_t* block) {
  BGZF* fp = fp_->fp.bgzf;
  // bgzf_read alone would run on into the next block; so the next block is loaded first when this one is spent.
  while (fp->block_offset >= fp->block_length) {
    last_tell_ = Tell();
    if (bgzf_read_block(fp) != 0) Damaged(-2);
    if (fp->block_length == 0) {  // the end
      if (check_eof_at_end_ && !fp->last_block_eof) {
        throw DataError(name_ + ":" + std::to_string(BytesDone()) +
                        ": the end-of-file block is missing: the input is truncated");
      }
      return 0;
    }
    if (fp->block_offset > fp->block_length) {  // after a seek into a block shorter than the offset
      throw DataError(name_ + ":" + std::to_string(last_tell_ >> 16) +
                      ": the offset sought is past the end of this block (a stale index?)");
    }
  }
  *block = last_tell_ = Tell();
  const size_t n = std::min(max, static_cast<size_t>(fp->block_length - fp->block_offset));
  if (bgzf_read(fp, out, n) != static_cast<ssize_t>(n)) Damaged(-2);
  return n;
}

void SamInput::Damaged(int code) const {
  std::string what = code == -2 ? "truncated or damaged compressed data" : "damaged record";
  if (format_ == sam && fp_->format.compression == no_compression) {
    throw DataError(name_ + ":" + std::to_string(fp_->lineno) + ": bad SAM line (" + what + ")");
  }
  if (format_ == cram) {
    throw DataError(name_ + ":" + std::to_string(last_tell_ >> 16) + ": damaged CRAM container near this offset" +
                    " (or its reference is not at hand: --reference FASTA)");
  }
  throw DataError(name_ + ":" + std::to_string(last_tell_ >> 16) + ": " + what +
                  " in the BGZF block starting at this offset");
}

}  // namespace recpipe::bam2cols
