// bam2cols' DecodeBamRecord against htslib's own bam_read1 on the same bytes: records written by htslib (sam_parse1,
// then bam_write1 into an uncompressed BGZF file) decode to the same bam1_t, field by field and byte by byte,
// including the padded read name, a name without its NUL, a CIGAR moved from the CG tag, and the records
// bam_read1 refuses.
#include "cmd/bam2cols/bam_record.h"

#include <gtest/gtest.h>
#include <htslib/bgzf.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "lib/endian.h"

namespace recpipe::bam2cols {
namespace {

constexpr const char* kHeader = "@HD\tVN:1.6\n@SQ\tSN:chr1\tLN:100000\n";

class BamRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    header_ = sam_hdr_parse(std::strlen(kHeader), kHeader);
    ASSERT_NE(header_, nullptr);
    path_ = ::testing::TempDir() + "bam_record_test." + std::to_string(getpid()) + ".raw";
  }
  void TearDown() override {
    sam_hdr_destroy(header_);
    std::remove(path_.c_str());
  }

  // The BAM bytes (block_size first) of the SAM line, as htslib writes them.
  std::vector<uint8_t> Raw(const std::string& line) {
    bam1_t* b = bam_init1();
    kstring_t ks = KS_INITIALIZE;
    kputs(line.c_str(), &ks);
    EXPECT_GE(sam_parse1(&ks, header_, b), 0) << line;
    ks_free(&ks);
    BGZF* out = bgzf_open(path_.c_str(), "wu");
    EXPECT_NE(out, nullptr);
    EXPECT_GE(bam_write1(out, b), 0);
    EXPECT_EQ(bgzf_close(out), 0);
    bam_destroy1(b);
    std::ifstream in(path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  // bam_read1's result on these bytes: its return value, and the record in *b.
  int HtslibRead(const std::vector<uint8_t>& raw, bam1_t* b) {
    {
      std::ofstream out(path_, std::ios::binary | std::ios::trunc);
      out.write(reinterpret_cast<const char*>(raw.data()), static_cast<std::streamsize>(raw.size()));
    }
    BGZF* in = bgzf_open(path_.c_str(), "r");
    EXPECT_NE(in, nullptr);
    int r = bam_read1(in, b);
    bgzf_close(in);
    return r;
  }

  // Decodes raw both ways; they must agree on refusing it, or give the same record. Returns whether it decoded.
  bool SameAsHtslib(const std::vector<uint8_t>& raw) {
    bam1_t* want = bam_init1();
    bam1_t* got = bam_init1();
    const int r = HtslibRead(raw, want);
    const bool ok = DecodeBamRecord(raw.data() + 4, Load<uint32_t>(raw.data()), got);
    EXPECT_EQ(r >= 0, ok) << "bam_read1 returned " << r;
    if (r >= 0 && ok) ExpectSame(want, got);
    bam_destroy1(want);
    bam_destroy1(got);
    return ok;
  }

  static void ExpectSame(const bam1_t* want, const bam1_t* got) {
    EXPECT_EQ(want->core.tid, got->core.tid);
    EXPECT_EQ(want->core.pos, got->core.pos);
    EXPECT_EQ(want->core.bin, got->core.bin);
    EXPECT_EQ(want->core.qual, got->core.qual);
    EXPECT_EQ(want->core.l_qname, got->core.l_qname);
    EXPECT_EQ(want->core.l_extranul, got->core.l_extranul);
    EXPECT_EQ(want->core.flag, got->core.flag);
    EXPECT_EQ(want->core.n_cigar, got->core.n_cigar);
    EXPECT_EQ(want->core.l_qseq, got->core.l_qseq);
    EXPECT_EQ(want->core.mtid, got->core.mtid);
    EXPECT_EQ(want->core.mpos, got->core.mpos);
    EXPECT_EQ(want->core.isize, got->core.isize);
    ASSERT_EQ(want->l_data, got->l_data);
    EXPECT_EQ(0, std::memcmp(want->data, got->data, static_cast<size_t>(want->l_data)));
  }

  sam_hdr_t* header_ = nullptr;
  std::string path_;
};

TEST_F(BamRecordTest, RecordsOfEveryNameLengthAsHtslibReadsThem) {
  // Names of 1 to 6 characters: every amount of NUL padding before the CIGAR.
  for (std::string name : {"a", "ab", "abc", "abcd", "abcde", "abcdef"}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(SameAsHtslib(Raw(name + "\t99\tchr1\t100\t60\t3S5M2I4M1D3M\t=\t300\t250\tACGTNRYACGTACGTAC\t"
                                        "IIIII#####IIIIII!\tNM:i:3\tMD:Z:5^A3\tXB:B:s,-1,2")));
  }
  EXPECT_TRUE(SameAsHtslib(Raw("unmapped\t4\t*\t0\t0\t*\t*\t0\t0\tACGT\t*")));
  EXPECT_TRUE(SameAsHtslib(Raw("noseq\t0\tchr1\t5\t0\t4M\t*\t0\t0\t*\t*")));
}

TEST_F(BamRecordTest, CigarInTheCgTagIsMovedIntoPlace) {
  // A placeholder CIGAR (a soft clip of the whole read) and the real one, 4M1I5M, in CG:B:I (length << 4 | op),
  // added to the bytes here: htslib's SAM parser would already move it.
  std::vector<uint8_t> raw = Raw("long\t0\tchr1\t100\t60\t10S\t*\t0\t0\tACGTACGTAC\tIIIIIIIIII\tNM:i:1");
  const uint8_t cg[] = {'C', 'G', 'B', 'I', 3, 0, 0, 0, 64, 0, 0, 0, 17, 0, 0, 0, 80, 0, 0, 0};
  const uint8_t as[] = {'A', 'S', 'C', 7};
  raw.insert(raw.end(), std::begin(cg), std::end(cg));
  raw.insert(raw.end(), std::begin(as), std::end(as));
  Store<uint32_t>(raw.data(), static_cast<uint32_t>(raw.size() - 4));
  ASSERT_TRUE(SameAsHtslib(raw));
  bam1_t* b = bam_init1();
  ASSERT_TRUE(DecodeBamRecord(raw.data() + 4, Load<uint32_t>(raw.data()), b));
  EXPECT_EQ(b->core.n_cigar, 3u);
  EXPECT_EQ(bam_aux_get(b, "CG"), nullptr);
  EXPECT_NE(bam_aux_get(b, "AS"), nullptr);
  // The same with only the name and CIGAR asked for.
  bam1_t* part = bam_init1();
  ASSERT_TRUE(DecodeBamRecord(raw.data() + 4, Load<uint32_t>(raw.data()), part, true));
  EXPECT_EQ(part->core.n_cigar, 3u);
  EXPECT_EQ(0, std::memcmp(bam_get_cigar(b), bam_get_cigar(part), 12));
  bam_destroy1(part);
  bam_destroy1(b);
}

TEST_F(BamRecordTest, NameAndCigarOnlyStopsAfterTheCigar) {
  std::vector<uint8_t> raw = Raw("r1\t0\tchr1\t100\t60\t5M2I3M\t*\t0\t0\tACGTACGTAC\tIIIIIIIIII\tNM:i:2");
  bam1_t* whole = bam_init1();
  bam1_t* part = bam_init1();
  ASSERT_TRUE(DecodeBamRecord(raw.data() + 4, Load<uint32_t>(raw.data()), whole));
  ASSERT_TRUE(DecodeBamRecord(raw.data() + 4, Load<uint32_t>(raw.data()), part, true));
  EXPECT_EQ(part->l_data, part->core.l_qname + 4 * 3);
  EXPECT_EQ(0, std::memcmp(whole->data, part->data, static_cast<size_t>(part->l_data)));
  EXPECT_EQ(bam_endpos(whole), bam_endpos(part));
  bam_destroy1(part);
  bam_destroy1(whole);
}

TEST_F(BamRecordTest, DamagedRecordsAreRefusedWhereHtslibRefusesThem) {
  const std::vector<uint8_t> good = Raw("r1\t0\tchr1\t100\t60\t10M\t*\t0\t0\tACGTACGTAC\tIIIIIIIIII");
  // Offsets in the raw record: block_size 0, l_read_name 12, n_cigar_op 16, l_seq 20, read name 36.
  const size_t name_at = 36, cigar_at = name_at + 3;  // "r1\0"
  {
    std::vector<uint8_t> raw = good;
    raw[12] = 0;  // l_read_name 0
    EXPECT_FALSE(SameAsHtslib(raw));
  }
  {
    std::vector<uint8_t> raw = good;
    Store<uint32_t>(raw.data() + cigar_at, 9u << 4);  // 9M against 10 bases
    EXPECT_FALSE(SameAsHtslib(raw));
  }
  {
    std::vector<uint8_t> raw = good;
    Store<uint32_t>(raw.data() + 20, 1000);  // more bases than the record holds
    EXPECT_FALSE(SameAsHtslib(raw));
  }
  {
    std::vector<uint8_t> raw = good;
    raw[name_at + 2] = 'x';  // the name without its NUL: htslib adds one
    EXPECT_TRUE(SameAsHtslib(raw));
  }
  {
    std::vector<uint8_t> raw = good;
    Store<uint32_t>(raw.data(), 20);  // block_size shorter than the fixed part
    bam1_t* b = bam_init1();
    EXPECT_FALSE(DecodeBamRecord(raw.data() + 4, 20, b));
    bam_destroy1(b);
  }
}

}  // namespace
}  // namespace recpipe::bam2cols
