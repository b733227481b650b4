// bam2cols' ReadEncoder and SAM text helpers: alignments parsed from SAM text by htslib come back, column by
// column, as the SAM text had them (nulls for '*'), with typed tags checked against their columns.
#include "cmd/bam2cols/read_encoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lib/error.h"
#include "lib/record_view.h"
#include "lib/text_format.h"

namespace recpipe::bam2cols {
namespace {

constexpr const char* kHeader = "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr1\tLN:1000\n@SQ\tSN:chr2\tLN:2000\n";

class ReadEncoderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    header_ = sam_hdr_parse(std::strlen(kHeader), kHeader);
    ASSERT_NE(header_, nullptr);
    b_ = bam_init1();
  }
  void TearDown() override {
    bam_destroy1(b_);
    sam_hdr_destroy(header_);
  }
  // The TSV line (without its LF) of the record `line` makes with these options.
  std::string Tsv(const std::string& line, const std::string& columns, const std::string& tags = "",
                  bool all_tags = false) {
    kstring_t ks = KS_INITIALIZE;
    kputs(line.c_str(), &ks);
    int r = sam_parse1(&ks, header_, b_);
    ks_free(&ks);
    EXPECT_GE(r, 0) << line;
    ColumnSet set = ParseColumns(columns, tags, all_tags);
    Schema schema = ReadsSchema(set, kHeader, "test");
    TableLayout layout(schema);
    Buffer frames;
    BatchBuilder builder(&frames, 0, layout);
    ReadEncoder encoder(set, layout, header_, "test.bam");
    encoder.Encode(b_, 7, &builder);
    builder.Finish();
    Buffer text;
    ForEachRecord(layout, frames.view().substr(kFrameHeaderSize),
                  [&](const RecordView& rec) { RenderRecord(OutputForm::kTsv, schema, layout, rec, &text); });
    std::string s(text.view());
    if (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
  }

  sam_hdr_t* header_ = nullptr;
  bam1_t* b_ = nullptr;
};

TEST_F(ReadEncoderTest, SamFieldsComeBackAsSamWritesThem) {
  const std::string line =
      "r1\t99\tchr1\t100\t60\t3S5M2I4M1D3M\t=\t300\t250\tACGTNRYACGTACGTAC\tIIIII#####IIIIII!\tNM:i:3";
  EXPECT_EQ(Tsv(line, ""), "r1\t99\tchr1\t100\t60\t3S5M2I4M1D3M\t=\t300\t250\tACGTNRYACGTACGTAC\tIIIII#####IIIIII!");
}

TEST_F(ReadEncoderTest, StarsAreNulls) {
  // Unmapped, no position, no CIGAR, no mate, no SEQ or QUAL.
  EXPECT_EQ(Tsv("r2\t4\t*\t0\t0\t*\t*\t0\t0\t*\t*", ""), "r2\t4\t\\N\t0\t0\t\\N\t\\N\t0\t0\t\\N\t\\N");
  // SEQ without QUAL.
  EXPECT_EQ(Tsv("r3\t0\tchr1\t5\t1\t4M\t*\t0\t0\tACGT\t*", "seq,qual"), "ACGT\t\\N");
}

TEST_F(ReadEncoderTest, MateOnAnotherReferenceIsNamed) {
  EXPECT_EQ(Tsv("r4\t65\tchr1\t5\t1\t4M\tchr2\t9\t0\tACGT\tIIII", "rname,rnext,pnext"), "chr1\tchr2\t9");
}

TEST_F(ReadEncoderTest, EndAndQlen) {
  // 5M + 1D + 3M on the reference: 9 bases from 100, the last at 108; query 3S+5M+2I+3M = 13.
  EXPECT_EQ(Tsv("r5\t0\tchr1\t100\t60\t3S5M2I1D3M\t*\t0\t0\t*\t*", "end,qlen"), "108\t13");
  EXPECT_EQ(Tsv("r6\t4\t*\t0\t0\t*\t*\t0\t0\tACGTA\t*", "end,qlen"), "\\N\t5");
}

TEST_F(ReadEncoderTest, TypedTagsAndAllTags) {
  const std::string line =
      "r7\t0\tchr1\t1\t1\t4M\t*\t0\t0\tACGT\tIIII\tNM:i:2\tMD:Z:1A2\tXS:A:+\tML:B:C,1,250\tAS:i:-12\tXF:f:0.5";
  EXPECT_EQ(Tsv(line, "qname", "NM:u8,MD:Z,XS:A,ML:B,AS:i32,XF:f,ZZ:i"), "r7\t2\t1A2\t+\tC,1,250\t-12\t0.5\t\\N");
  EXPECT_EQ(Tsv(line, "qname", "", true), "r7\tNM:i:2\\tMD:Z:1A2\\tXS:A:+\\tML:B:C,1,250\\tAS:i:-12\\tXF:f:0.5");
  EXPECT_EQ(Tsv("r8\t4\t*\t0\t0\t*\t*\t0\t0\t*\t*", "qname", "", true), "r8\t");
}

TEST_F(ReadEncoderTest, TagOutsideItsColumnNamesTheRead) {
  const std::string line = "r9\t0\tchr1\t1\t1\t4M\t*\t0\t0\tACGT\tIIII\tAS:i:-12\tNM:i:300\tMD:Z:4";
  try {
    Tsv(line, "qname", "AS:u8");
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_STREQ(e.what(), "test.bam: read 7 (r9): tag AS value -12 does not fit u8");
  }
  EXPECT_THROW(Tsv(line, "qname", "NM:i8"), DataError);
  EXPECT_THROW(Tsv(line, "qname", "MD:i"), DataError);
  EXPECT_EQ(Tsv(line, "qname", "NM:u16"), "r9\t300");
}

TEST(SamText, SeqOfOddLengthAndAllCodes) {
  bam1_t* b = bam_init1();
  const char* seq = "=ACMGRSVTWYHKDBN=";
  ASSERT_GE(bam_set1(b, 1, "q", 4, -1, -1, 0, 0, nullptr, -1, -1, 0, 17, seq, nullptr, 0), 0);
  std::string out;
  AppendSeq(b, &out);
  EXPECT_EQ(out, seq);
  bam_destroy1(b);
}

}  // namespace
}  // namespace recpipe::bam2cols
