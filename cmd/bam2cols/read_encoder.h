// Turns one alignment (htslib's bam1_t) into a record of the reads table, writing only the chosen columns and
// formatting SEQ, QUAL, CIGAR and tags exactly as `samtools view` writes them. One encoder per worker thread
// (it owns scratch space); the header and the column set are shared, read-only.
#pragma once

#include <htslib/kstring.h>
#include <htslib/sam.h>

#include <string>
#include <string_view>
#include <vector>

#include "cmd/bam2cols/column_spec.h"
#include "lib/batch_builder.h"

namespace recpipe::bam2cols {

class ReadEncoder {
 public:
  // layout: the reads table's, made from the same ColumnSet.
  ReadEncoder(const ColumnSet& set, const TableLayout& layout, const sam_hdr_t* header, const std::string& file);
  ~ReadEncoder();
  ReadEncoder(const ReadEncoder&) = delete;
  ReadEncoder& operator=(const ReadEncoder&) = delete;

  // Appends the record of `b` to `out`. `number` (1-based, in file order) names the read in messages. Throws
  // DataError, before anything is written, when a tag does not fit its declared column, the aux data is damaged
  // or a reference id is not in the header.
  void Encode(const bam1_t* b, uint64_t number, BatchBuilder* out);

 private:
  // What a tag column holds for one read, found before the record is laid out.
  struct TagValue {
    bool null = true;
    int64_t integer = 0;
    double real = 0;
    kstring_t text = KS_INITIALIZE;  // string columns: the value as SAM writes it, after "XX:T:"
    size_t skip = 0;                 // bytes of "XX:T:" at the start of text
  };
  void FindTag(const ColumnSpec& c, const bam1_t* b, uint64_t number, TagValue* v);
  void FormatAllTags(const bam1_t* b, uint64_t number, TagValue* v);
  [[noreturn]] void Fail(const bam1_t* b, uint64_t number, const std::string& what) const;

  const ColumnSet& set_;
  const TableLayout& layout_;
  const sam_hdr_t* header_;
  std::string file_;
  std::vector<std::string_view> names_;  // reference names by tid
  std::vector<TagValue> tags_;           // per column (used by tag columns only)
  int last_variable_ = -1;               // the field of the last variable column: it has no length prefix
};

// The SAM text of CIGAR (nothing when there is none), SEQ and QUAL (Phred+33), written at p; each returns the end.
// Room needed: kCigarOpBytes per operation, l_qseq + 1 for SEQ, l_qseq for QUAL.
inline constexpr size_t kCigarOpBytes = 11;
char* WriteCigar(const bam1_t* b, char* p);
char* WriteSeq(const bam1_t* b, char* p);
char* WriteQual(const bam1_t* b, char* p);
// The same appended to a string, for tests.
void AppendCigar(const bam1_t* b, std::string* out);
void AppendSeq(const bam1_t* b, std::string* out);
void AppendQual(const bam1_t* b, std::string* out);

}  // namespace recpipe::bam2cols
