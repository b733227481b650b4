// Turns one alignment (htslib's bam1_t) into a record of the reads table, writing only the chosen columns and
// formatting SEQ, QUAL, CIGAR and tags exactly as `samtools view` writes them. One encoder per worker thread
// (it owns scratch space); the header and the column set are shared, read-only.
#pragma once

#include <htslib/kstring.h>
#include <htslib/sam.h>

#include <string>

#include "cmd/bam2cols/column_spec.h"
#include "lib/batch_builder.h"

namespace recpipe::bam2cols {

class ReadEncoder {
 public:
  ReadEncoder(const ColumnSet& set, const sam_hdr_t* header, const std::string& file);
  ~ReadEncoder();
  ReadEncoder(const ReadEncoder&) = delete;
  ReadEncoder& operator=(const ReadEncoder&) = delete;

  // Appends the record of `b` to `out`. `number` (1-based, in file order) names the read in messages. Throws
  // DataError when a tag does not fit its declared column or the aux data is damaged.
  void Encode(const bam1_t* b, uint64_t number, BatchBuilder* out);

 private:
  void AddTag(const ColumnSpec& c, size_t field, const bam1_t* b, uint64_t number, BatchBuilder* out);
  void AddAllTags(const bam1_t* b, uint64_t number, BatchBuilder* out);
  [[noreturn]] void Fail(const bam1_t* b, uint64_t number, const std::string& what) const;

  const ColumnSet& set_;
  const sam_hdr_t* header_;
  std::string file_;
  std::string scratch_;
  kstring_t ks_ = KS_INITIALIZE;
};

// The SAM text of the pieces, exposed for tests: CIGAR ("*" not included: empty when there is none), SEQ and QUAL
// (Phred+33) appended to out.
void AppendCigar(const bam1_t* b, std::string* out);
void AppendSeq(const bam1_t* b, std::string* out);
void AppendQual(const bam1_t* b, std::string* out);

}  // namespace recpipe::bam2cols
