// One BAM alignment record from the decompressed bytes htslib hands us, into a bam1_t: what htslib's bam_read1
// does after its reads, so that our workers, not the reading stage, pay for it. The same checks in the same order
// (a record bam_read1 refuses is refused here) and the same result: the read name padded with NULs so the CIGAR is
// 4-byte aligned, a missing NUL after the name added, and a CIGAR of more than 65,535 operations moved from the CG
// tag into place (htslib's bam_tag2cigar). BAM's layout, little-endian (SAMv1 section 4.2):
//   block_size u32 | refID i32 | pos i32 | l_read_name u8 | mapq u8 | bin u16 | n_cigar_op u16 | flag u16 |
//   l_seq u32 | next_refID i32 | next_pos i32 | tlen i32 | read_name | cigar | seq | qual | tags
// Thread-safe for distinct bam1_t.
#pragma once

#include <htslib/sam.h>

#include <cstddef>
#include <cstdint>

namespace recpipe::bam2cols {

inline constexpr size_t kBamCoreBytes = 32;  // refID to tlen: the fixed part after block_size

// The record of `block_size` bytes at `p` (just after its block_size field, block_size >= kBamCoreBytes) into b,
// whose data it reallocates as needed. False where bam_read1 would return -4 (a damaged record).
// name_and_cigar_only: b->data stops after the CIGAR (SEQ, QUAL and tags are not copied, b->l_data says so), for
// columns that need none of them; the checks are the same, and a CIGAR kept in the CG tag is still moved.
bool DecodeBamRecord(const uint8_t* p, uint32_t block_size, bam1_t* b, bool name_and_cigar_only = false);

}  // namespace recpipe::bam2cols
