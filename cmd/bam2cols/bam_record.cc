#include "cmd/bam2cols/bam_record.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "lib/endian.h"

namespace recpipe::bam2cols {
namespace {

// b->data with room for n bytes (malloc'ed: bam_destroy1 frees it).
bool Reserve(bam1_t* b, size_t n) {
  if (n <= b->m_data) return true;
  size_t m = n < 256 ? 256 : n + n / 4;
  if (m > UINT32_MAX) m = n;
  void* p = std::realloc(b->data, m);
  if (p == nullptr) return false;
  b->data = static_cast<uint8_t*>(p);
  b->m_data = static_cast<uint32_t>(m);
  return true;
}

// A CIGAR of more than 65,535 operations is stored as a placeholder (one soft clip of the whole read) with the
// real one in the CG:B,I tag; htslib moves it into place when it reads the record, and samtools shows the real
// one. The same conditions as htslib's bam_tag2cigar: 0 untouched, 1 moved, -1 damaged aux data.
int MoveCigarFromTag(bam1_t* b) {
  bam1_core_t& c = b->core;
  if (c.n_cigar == 0 || c.tid < 0 || c.pos < 0) return 0;
  const uint32_t first = bam_get_cigar(b)[0];
  if (bam_cigar_op(first) != BAM_CSOFT_CLIP || static_cast<int64_t>(bam_cigar_oplen(first)) != c.l_qseq) return 0;
  const int saved_errno = errno;
  const uint8_t* cg = bam_aux_get(b, "CG");
  if (cg == nullptr) {
    if (errno != ENOENT) return -1;
    errno = saved_errno;
    return 0;
  }
  if (cg[0] != 'B' || (cg[1] != 'I' && cg[1] != 'i')) return 0;
  const uint32_t real_ops = Load<uint32_t>(cg + 2);
  if (real_ops < c.n_cigar || real_ops >= (1u << 29)) return 0;
  // Byte offsets in data: the placeholder CIGAR, and the whole CG tag ("CGBI", count, operations).
  const size_t cigar_at = static_cast<size_t>(reinterpret_cast<const uint8_t*>(bam_get_cigar(b)) - b->data);
  const size_t fake_bytes = 4 * static_cast<size_t>(c.n_cigar);
  const size_t real_bytes = 4 * static_cast<size_t>(real_ops);
  const size_t tag_begin = static_cast<size_t>(cg - b->data) - 2;
  const size_t tag_end = tag_begin + 8 + real_bytes;
  const size_t l_data = static_cast<size_t>(b->l_data);
  if (tag_end > l_data) return -1;
  // name | real CIGAR | seq, qual and the tags before CG | the tags after CG
  std::vector<uint8_t> moved;
  moved.reserve(l_data - fake_bytes - 8);
  moved.insert(moved.end(), b->data, b->data + cigar_at);
  moved.insert(moved.end(), b->data + tag_begin + 8, b->data + tag_end);
  moved.insert(moved.end(), b->data + cigar_at + fake_bytes, b->data + tag_begin);
  moved.insert(moved.end(), b->data + tag_end, b->data + l_data);
  std::memcpy(b->data, moved.data(), moved.size());
  b->l_data = static_cast<int>(moved.size());
  c.n_cigar = real_ops;
  return 1;
}

}  // namespace

bool DecodeBamRecord(const uint8_t* p, uint32_t block_size, bam1_t* b, bool name_and_cigar_only) {
  bam1_core_t& c = b->core;
  b->l_data = 0;
  if (block_size < kBamCoreBytes || block_size > INT32_MAX) return false;
  uint32_t x[8];
  std::memcpy(x, p, sizeof x);
  c.tid = static_cast<int32_t>(x[0]);
  c.pos = static_cast<int32_t>(x[1]);
  c.bin = static_cast<uint16_t>(x[2] >> 16);
  c.qual = static_cast<uint8_t>(x[2] >> 8 & 0xff);
  c.l_qname = static_cast<uint16_t>(x[2] & 0xff);
  c.l_extranul = static_cast<uint8_t>(c.l_qname % 4 != 0 ? 4 - c.l_qname % 4 : 0);
  c.flag = static_cast<uint16_t>(x[3] >> 16);
  c.n_cigar = x[3] & 0xffff;
  c.l_qseq = static_cast<int32_t>(x[4]);
  c.mtid = static_cast<int32_t>(x[5]);
  c.mpos = static_cast<int32_t>(x[6]);
  c.isize = static_cast<int32_t>(x[7]);

  const uint64_t l_data = uint64_t{block_size} - kBamCoreBytes + c.l_extranul;
  if (l_data > INT_MAX || c.l_qseq < 0 || c.l_qname < 1) return false;
  if ((uint64_t{c.n_cigar} << 2) + c.l_qname + c.l_extranul + ((uint64_t(c.l_qseq) + 1) >> 1) + uint64_t(c.l_qseq) >
      l_data) {
    return false;
  }
  // 4 more for a name without its NUL.
  if (!Reserve(b, static_cast<size_t>(l_data) + 4)) return false;
  b->l_data = static_cast<int>(l_data);
  const uint8_t* const name = p + kBamCoreBytes;
  const size_t name_bytes = c.l_qname;
  std::memcpy(b->data, name, name_bytes);
  if (b->data[c.l_qname - 1] != '\0') {  // a name without its NUL: add one, as htslib does
    if (c.l_extranul > 0) {
      b->data[c.l_qname++] = '\0';
      --c.l_extranul;
    } else {
      b->l_data += 4;
      b->data[c.l_qname++] = '\0';
      c.l_extranul = 3;
    }
  }
  for (int i = 0; i < c.l_extranul; ++i) b->data[c.l_qname + i] = '\0';
  c.l_qname = static_cast<uint16_t>(c.l_qname + c.l_extranul);
  const size_t rest = block_size - kBamCoreBytes - name_bytes;  // CIGAR, SEQ, QUAL and tags
  if (static_cast<size_t>(b->l_data) - c.l_qname != rest) return false;
  const uint8_t* const cigar = name + name_bytes;
  // A CIGAR that may be a placeholder for the one in the CG tag needs the tags.
  const bool placeholder = c.n_cigar != 0 && bam_cigar_op(Load<uint32_t>(cigar)) == BAM_CSOFT_CLIP;
  if (name_and_cigar_only && !placeholder) {
    const size_t cigar_bytes = 4 * size_t{c.n_cigar};
    std::memcpy(b->data + c.l_qname, cigar, cigar_bytes);
    b->l_data = static_cast<int>(c.l_qname + cigar_bytes);
  } else {
    std::memcpy(b->data + c.l_qname, cigar, rest);
    if (MoveCigarFromTag(b) < 0) return false;
  }

  if (c.n_cigar > 0) {  // the bin from the CIGAR, and the CIGAR's query length against SEQ's, as htslib checks
    const uint32_t* cigar = bam_get_cigar(b);
    hts_pos_t rlen = 0, qlen = 0;
    for (uint32_t i = 0; i < c.n_cigar; ++i) {
      const int type = bam_cigar_type(bam_cigar_op(cigar[i]));
      const hts_pos_t len = bam_cigar_oplen(cigar[i]);
      if (type & 1) qlen += len;
      if (type & 2) rlen += len;
    }
    if ((c.flag & BAM_FUNMAP) || rlen == 0) rlen = 1;
    c.bin = static_cast<uint16_t>(hts_reg2bin(c.pos, c.pos + rlen, 14, 5));
    if (c.l_qseq > 0 && !(c.flag & BAM_FUNMAP) && qlen != c.l_qseq) return false;
  }
  return true;
}

}  // namespace recpipe::bam2cols
