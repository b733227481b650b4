// bam2cols' column choice: names, order, types, nullability and CRAM's required fields, and the errors.
#include "cmd/bam2cols/column_spec.h"

#include <gtest/gtest.h>
#include <htslib/sam.h>

#include "lib/error.h"

namespace recpipe::bam2cols {
namespace {

std::string Names(const ColumnSet& set) {
  std::string s;
  for (const ColumnSpec& c : set.columns)
    s += (s.empty() ? "" : ",") + c.name + ":" + std::string(TypeName(c.type)) + (c.nullable ? "?" : "");
  return s;
}

TEST(ColumnSpec, DefaultIsTheElevenSamFields) {
  ColumnSet set = ParseColumns("", "", false);
  EXPECT_EQ(Names(set),
            "qname:string,flag:u16,rname:string?,pos:i64,mapq:u8,cigar:string?,rnext:string?,pnext:i64,tlen:i64,"
            "seq:string?,qual:string?");
  EXPECT_TRUE(set.needs_seq);
  EXPECT_TRUE(set.needs_qual);
}

TEST(ColumnSpec, ChosenOrderTagsAndAllTags) {
  ColumnSet set = ParseColumns("end,qname", "NM:i,MD:Z,AS:u8,XF:f", true);
  EXPECT_EQ(Names(set), "end:i64?,qname:string,NM:i64?,MD:string?,AS:u8?,XF:f32?,tags:string");
  EXPECT_FALSE(set.needs_seq);
  // No SEQ or QUAL decoded for CRAM; aux because of the tags.
  EXPECT_EQ(set.required_fields & (SAM_SEQ | SAM_QUAL), 0);
  EXPECT_NE(set.required_fields & SAM_AUX, 0);
  EXPECT_NE(set.required_fields & SAM_CIGAR, 0);
}

TEST(ColumnSpec, WithoutTagsNoAuxIsDecoded) {
  ColumnSet set = ParseColumns("qname,pos", "", false);
  EXPECT_EQ(set.required_fields & SAM_AUX, 0);
  EXPECT_NE(set.required_fields & SAM_FLAG, 0);  // the filters read FLAG
}

TEST(ColumnSpec, Errors) {
  EXPECT_THROW(ParseColumns("qname,nosuch", "", false), UsageError);
  EXPECT_THROW(ParseColumns("qname,,pos", "", false), UsageError);
  EXPECT_THROW(ParseColumns("qname,qname", "", false), UsageError);
  EXPECT_THROW(ParseColumns("", "NM", false), UsageError);
  EXPECT_THROW(ParseColumns("", "NM:q", false), UsageError);
  EXPECT_THROW(ParseColumns("", "N:i", false), UsageError);
  EXPECT_THROW(ParseColumns("", "1M:i", false), UsageError);
  EXPECT_THROW(ParseColumns("", "NM:bytes", false), UsageError);
  EXPECT_THROW(ParseColumns("", "NM:i,NM:Z", false), UsageError);
}

TEST(ColumnSpec, SchemaCarriesTheHeader) {
  Schema s = ReadsSchema(ParseColumns("qname", "", false), "@HD\tVN:1.6\n", "x.bam");
  EXPECT_EQ(s.name, "reads");
  EXPECT_EQ(s.Meta("sam_header"), "@HD\tVN:1.6\n");
  EXPECT_EQ(s.Meta("source"), "x.bam");
}

}  // namespace
}  // namespace recpipe::bam2cols
