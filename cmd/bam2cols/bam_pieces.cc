#include "cmd/bam2cols/bam_pieces.h"

#include <algorithm>

#include "lib/error.h"

namespace recpipe::bam2cols {
namespace {

// Record starts known to the index: the chunk starts of a one-base query in every window of the genome, at a
// stride that keeps the queries to about 200,000 whatever the genome's size.
std::vector<int64_t> IndexedRecordStarts(SamInput& in, const hts_idx_t* idx) {
  const sam_hdr_t* h = in.header();
  const int n_ref = sam_hdr_nref(h);
  uint64_t total = 0;
  for (int t = 0; t < n_ref; ++t) total += static_cast<uint64_t>(sam_hdr_tid2len(h, t));
  const hts_pos_t stride = std::max<hts_pos_t>(16384, static_cast<hts_pos_t>(total / 200000) / 16384 * 16384);
  std::vector<int64_t> starts;
  for (int t = 0; t < n_ref; ++t) {
    const hts_pos_t len = sam_hdr_tid2len(h, t);
    for (hts_pos_t beg = 0; beg < len; beg += stride) {
      hts_itr_t* itr = sam_itr_queryi(idx, t, beg, beg + 1);
      if (itr == nullptr) continue;
      for (int i = 0; i < itr->n_off; ++i) starts.push_back(static_cast<int64_t>(itr->off[i].u));
      hts_itr_destroy(itr);
    }
  }
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  return starts;
}

}  // namespace

std::vector<BamPiece> PlanBamPieces(SamInput& in, int64_t first_record, uint64_t n) {
  if (!in.is_bam() || in.file_size() == 0) {
    throw UsageError("--part and --plan need a BAM file with an index (" + in.name() + " is not one)");
  }
  const hts_idx_t* idx = in.LoadIndex();
  if (idx == nullptr) {
    throw DataError(in.name() + ": --part and --plan need an index beside the file (.bai or .csi; `samtools index " +
                    in.name() + "` makes one)");
  }
  std::vector<int64_t> starts = IndexedRecordStarts(in, idx);
  std::vector<BamPiece> pieces(n);
  const uint64_t size = in.file_size();
  for (uint64_t k = 0; k < n; ++k) {
    if (k == 0) {
      pieces[k].begin = first_record;
    } else {
      const int64_t target = static_cast<int64_t>(size / n * k) << 16;
      auto it = std::lower_bound(starts.begin(), starts.end(), std::max(target, first_record));
      pieces[k].begin = it == starts.end() ? -1 : *it;  // -1: empty, at the end of the file
    }
  }
  for (uint64_t k = 0; k + 1 < n; ++k) pieces[k].end = pieces[k + 1].begin;
  pieces[n - 1].end = -1;
  return pieces;
}

}  // namespace recpipe::bam2cols
