// Which columns of the reads table a run writes (--columns, --tags, --all-tags), their types, and what that asks
// of the decoder (CRAM's required fields). Built once on the main thread; immutable afterwards.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lib/schema.h"

namespace recpipe::bam2cols {

// The SAM fields and the derived ones, in the default order.
enum class Column : uint8_t {
  // SAM's 11 fields
  kQname,
  kFlag,
  kRname,
  kPos,
  kMapq,
  kCigar,
  kRnext,
  kPnext,
  kTlen,
  kSeq,
  kQual,
  // derived
  kEnd,
  kQlen,
  kTag,      // one --tags entry
  kAllTags,  // --all-tags
};

struct ColumnSpec {
  Column column;
  std::string name;  // the field name in the table
  Type type;
  bool nullable;
  char tag[2] = {0, 0};  // kTag: the two-letter tag
};

struct ColumnSet {
  std::vector<ColumnSpec> columns;
  // Which SAM fields must be decoded: a CRAM_OPT_REQUIRED_FIELDS mask (SAM_QNAME, SAM_FLAG, ...).
  int required_fields = 0;
  bool needs_seq = false, needs_qual = false;
};

// The names --columns accepts, in the default order.
inline constexpr const char* kDefaultColumns = "qname,flag,rname,pos,mapq,cigar,rnext,pnext,tlen,seq,qual";
inline constexpr const char* kColumnNames = "qname,flag,rname,pos,mapq,cigar,rnext,pnext,tlen,seq,qual,end,qlen";

// columns: "qname,pos,..." (empty: the default); tags: "NM:i,MD:Z,AS:i32" (TYPE is a SAM letter i, f, A, Z, H,
// B or a recpipe type name); all_tags adds the string column "tags". Throws UsageError naming the option.
ColumnSet ParseColumns(const std::string& columns, const std::string& tags, bool all_tags);

// The reads table's schema; the SAM header text goes into its metadata under "sam_header".
Schema ReadsSchema(const ColumnSet& set, const std::string& header_text, const std::string& source);

}  // namespace recpipe::bam2cols
