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

template <char* (*Write)(const bam1_t*, char*)>
void AppendWith(const bam1_t* b, size_t room, std::string* out) {
  size_t at = out->size();
  out->resize(at + room);
  out->resize(static_cast<size_t>(Write(b, out->data() + at) - out->data()));
}

}  // namespace

char* WriteCigar(const bam1_t* b, char* p) {
  const uint32_t* cigar = bam_get_cigar(b);
  char digits[16];
  for (uint32_t i = 0; i < b->core.n_cigar; ++i) {
    uint32_t len = bam_cigar_oplen(cigar[i]);
    char* d = digits + sizeof digits;
    do {
      *--d = static_cast<char>('0' + len % 10);
      len /= 10;
    } while (len != 0);
    size_t n = static_cast<size_t>(digits + sizeof digits - d);
    std::memcpy(p, d, n);
    p[n] = bam_cigar_opchr(cigar[i]);
    p += n + 1;
  }
  return p;
}

char* WriteSeq(const bam1_t* b, char* p) {
  const int n = b->core.l_qseq;
  const uint8_t* s = bam_get_seq(b);
  for (int i = 0; i < n / 2; ++i, p += 2) std::memcpy(p, kPairs[s[i]].data(), 2);
  if (n & 1) *p++ = kPairs[s[n / 2]][0];
  return p;
}

char* WriteQual(const bam1_t* b, char* p) {
  const int n = b->core.l_qseq;
  const uint8_t* q = bam_get_qual(b);
  for (int i = 0; i < n; ++i) p[i] = static_cast<char>(q[i] + 33);
  return p + n;
}

void AppendCigar(const bam1_t* b, std::string* out) { AppendWith<WriteCigar>(b, kCigarOpBytes * b->core.n_cigar, out); }
void AppendSeq(const bam1_t* b, std::string* out) {
  AppendWith<WriteSeq>(b, static_cast<size_t>(b->core.l_qseq) + 1, out);
}
void AppendQual(const bam1_t* b, std::string* out) {
  AppendWith<WriteQual>(b, static_cast<size_t>(b->core.l_qseq), out);
}

}  // namespace recpipe::bam2cols
