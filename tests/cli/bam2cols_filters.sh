#!/usr/bin/env bash
# bam2cols' filters against samtools view's: --region (repeatable, overlapping), --regions-file, -q, -f, -F,
# --primary-only, and their errors (no index, unknown reference).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/bam2cols_lib.sh"
need samtools
bam=$EXAMPLE_BAM
# want SAMTOOLS-ARGS... -- BAM2COLS-ARGS...: the same reads (qname and flag, in order) from both.
want() {
  local s=() b=()
  while [[ $1 != -- ]]; do s+=("$1"); shift; done
  shift
  b=("$@")
  samtools view "${s[@]}" | cut -f1,2 >want.txt
  qnames "${b[@]}" >got.txt
  [[ -s want.txt ]] || fail "samtools found no reads for ${s[*]}: the check would be empty"
  same_bytes want.txt got.txt "bam2cols ${b[*]} against samtools view ${s[*]}"
}

step "--region"
want "$bam" chr1:14500-14700 -- --region chr1:14500-14700 "$bam"
step "--region twice, overlapping: each read once (samtools -M)"
want -M "$bam" chr1:14500-14700 chr1:14600-15000 -- -r chr1:14500-14700 -r chr1:14600-15000 "$bam"
step "--regions-file"
printf 'chr1\t14499\t14700\nchr1\t16000\t16100\n' >r.bed
want -M -L r.bed "$bam" -- --regions-file r.bed "$bam"
step "-q, -f, -F, --primary-only"
want -q 1 "$bam" -- --min-mapq 1 "$bam"
want -f 16 "$bam" -- -f 16 "$bam"
want -f 0x40 -F REVERSE "$bam" -- -f 0x40 -F REVERSE "$bam"
want -F 0x900 "$bam" -- --primary-only "$bam"
want -q 1 -F 0x900 "$bam" chr1:14500-14700 -- --primary-only --min-mapq 1 -r chr1:14500-14700 "$bam"

find_shared_data_quietly() { [[ -d $RECPIPE_SOURCE_DIR/../shared/data/bam/medaka ]]; }
if find_shared_data_quietly; then
  medaka=$RECPIPE_SOURCE_DIR/../shared/data/bam/medaka
  step "--region of a CRAM file, with and without the columns that say where a read ends"
  for cols in qname,flag qname,flag,cigar; do
    samtools view --reference "$medaka/draft_ref.fasta" "$medaka/ont_testreads_to_draft.cram" utg000001l:10000-20000 |
      cut -f1,2 >want.txt
    "$BAM2COLS" --reference "$medaka/draft_ref.fasta" -r utg000001l:10000-20000 --to tsv --tables reads -c "$cols" \
      "$medaka/ont_testreads_to_draft.cram" | tail -n +2 | cut -f1,2 >got.txt
    [[ -s want.txt ]] || fail "samtools found no reads in the CRAM region"
    same_bytes want.txt got.txt "--region on CRAM with -c $cols"
  done
fi

step "--region needs an index"
cp "$bam" noindex.bam
expect_exit 1 "$BAM2COLS" -r chr1:1-100 noindex.bam -o /dev/null
expect_stderr_contains "bam2cols: error: noindex.bam: --region needs an index"
expect_exit 2 "$BAM2COLS" -r nosuch:1-100 "$bam" -o /dev/null
expect_stderr_contains "nosuch:1-100"
printf 'chr1\t10\n' >bad.bed
expect_exit 1 "$BAM2COLS" --regions-file bad.bed "$bam" -o /dev/null
expect_stderr_contains "bad.bed:1:"
expect_exit 2 "$BAM2COLS" -f NOSUCHFLAG "$bam" -o /dev/null
finish
