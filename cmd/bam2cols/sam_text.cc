// CIGAR, SEQ and QUAL as SAM text, by table rather than per base: these run for every read.
#include <array>
#include <cstring>

#include "cmd/bam2cols/read_encoder.h"

namespace recpipe::bam2cols {
namespace {

// Two bases per byte of BAM's 4-bit encoding ("=ACMGRSVTWYHKDBN").
constexpr std::array<std::array<char, 2>, 256> MakePairs() {
  constexpr char kBases[] = "=ACMGRSVTWYHKDBN";
  std::array<std::array<char, 2>, 256> t{};
  for (int i = 0; i < 256; ++i) t[i] = {kBases[i >> 4], kBases[i & 15]};
  return t;
}
constexpr auto kPairs = MakePairs();

}  // namespace

void AppendCigar(const bam1_t* b, std::string* out) {
  const uint32_t* cigar = bam_get_cigar(b);
  char digits[16];
  for (uint32_t i = 0; i < b->core.n_cigar; ++i) {
    uint32_t len = bam_cigar_oplen(cigar[i]);
    char* p = digits + sizeof digits;
    *--p = bam_cigar_opchr(cigar[i]);
    do {
      *--p = static_cast<char>('0' + len % 10);
      len /= 10;
    } while (len != 0);
    out->append(p, digits + sizeof digits - p);
  }
}

void AppendSeq(const bam1_t* b, std::string* out) {
  const int n = b->core.l_qseq;
  const uint8_t* s = bam_get_seq(b);
  size_t at = out->size();
  out->resize(at + static_cast<size_t>(n) + 1);  // room for the odd half of the last byte
  char* p = out->data() + at;
  for (int i = 0; i < n / 2; ++i, p += 2) std::memcpy(p, kPairs[s[i]].data(), 2);
  if (n & 1) *p = kPairs[s[n / 2]][0];
  out->resize(at + static_cast<size_t>(n));
}

void AppendQual(const bam1_t* b, std::string* out) {
  const int n = b->core.l_qseq;
  const uint8_t* q = bam_get_qual(b);
  size_t at = out->size();
  out->resize(at + static_cast<size_t>(n));
  char* p = out->data() + at;
  for (int i = 0; i < n; ++i) p[i] = static_cast<char>(q[i] + 33);
}

}  // namespace recpipe::bam2cols
