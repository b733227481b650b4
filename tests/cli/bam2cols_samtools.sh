#!/usr/bin/env bash
# bam2cols against samtools view, column by column (tests/cli/bam2cols_compare.py), on the example BAM and on every
# BAM and CRAM in ../shared/data/bam; typed tags against samtools' tag text; -j1 and -j4 byte-identical.
# BAM2COLS_BENCH_BAM=FILE also checks that file (the 1.5M-read benchmark BAM of bench/bam2cols.sh: about a minute).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/bam2cols_lib.sh"
need samtools
need_python

step "example BAM"
same_as_samtools "$EXAMPLE_BAM"

step "SAM text and bgzipped SAM, from a file and from standard input"
samtools view -h --no-PG "$EXAMPLE_BAM" >ex.sam
same_as_samtools ex.sam
if command -v bgzip >/dev/null; then
  bgzip -c ex.sam >ex.sam.gz
  same_as_samtools ex.sam.gz
fi
"$BAM2COLS" --to tsv --tables reads --all-tags - <"$EXAMPLE_BAM" >stdin.tsv
"$BAM2COLS" --to tsv --tables reads --all-tags "$EXAMPLE_BAM" >file.tsv
same_bytes file.tsv stdin.tsv "the example BAM read from standard input"

step "typed tags against samtools' text of each tag"
# NH and NM as small integers, MD and XS as strings, AS as i32: each value as samtools prints it, \N where absent.
"$BAM2COLS" --to tsv --tables reads -c qname --tags NH:u8,NM:i,MD:Z,XS:A,AS:i32 "$EXAMPLE_BAM" | tail -n +2 >tags.got
samtools view "$EXAMPLE_BAM" | awk -F'\t' -v OFS='\t' '{
    delete v; for (i = 12; i <= NF; i++) v[substr($i, 1, 2)] = substr($i, 6)
    printf "%s", $1
    n = split("NH NM MD XS AS", t, " ")
    for (k = 1; k <= n; k++) printf "\t%s", ((t[k] in v) ? v[t[k]] : "\\N")
    print "" }' >tags.want
same_bytes tags.want tags.got "--tags NH:u8,NM:i,MD:Z,XS:A,AS:i32"

step "-j1 and -j4 give the same bytes"
for j in 1 4; do
  "$BAM2COLS" -j$j --batch-size 8k -c "$COMPARE_COLUMNS" --all-tags "$EXAMPLE_BAM" -o j$j.rec 2>/dev/null
done
same_bytes j1.rec j4.rec "bam2cols -j1 and -j4"

step "header and references"
"$BAM2COLS" --to tsv --tables references "$EXAMPLE_BAM" | tail -n +2 >refs.got
samtools view -H "$EXAMPLE_BAM" | awk -F'\t' -v OFS='\t' '$1 == "@SQ" { sub(/^SN:/, "", $2); sub(/^LN:/, "", $3); print $2, $3 }' >refs.want
same_bytes refs.want refs.got "the references table"
rectool dump j1.rec >dump.txt
grep -q 'sam_header' dump.txt || fail "the reads table's metadata lacks sam_header"

find_shared_data
step "every BAM and CRAM in ../shared/data/bam"
checked=0
while IFS= read -r f; do
  opts=()
  case $f in
    */medaka/*.cram) opts=(--reference "$SHARED/bam/medaka/draft_ref.fasta") ;;
    *.cram)
      # Their references are not in ../shared: both tools must fail, bam2cols with its message.
      expect_exit 1 "$BAM2COLS" --tables reads "$f" -o /dev/null
      expect_stderr_contains "bam2cols: error: $f"
      continue ;;
  esac
  same_as_samtools "$f" "${opts[@]}"
  checked=$((checked + 1))
done < <(find "$SHARED/bam" -name '*.bam' -o -name '*.cram' | sort)
[[ $checked -gt 0 ]] || skip "no BAM files in $SHARED/bam"

if [[ -n ${BAM2COLS_BENCH_BAM:-} ]]; then
  step "the benchmark BAM $BAM2COLS_BENCH_BAM"
  same_as_samtools "$BAM2COLS_BENCH_BAM"
  cat "$WORK/cmp.txt"
fi

cram=$SHARED/bam/medaka/ont_testreads_to_draft.cram
if [[ -e $cram ]]; then
  step "CRAM told to decode only some fields gives the same values for them"
  ref=$SHARED/bam/medaka/draft_ref.fasta
  "$BAM2COLS" --reference "$ref" --to tsv --tables reads -c "$COMPARE_COLUMNS" "$cram" >cram_all.tsv
  for cols in qname,flag,pos rname,pos,cigar,end mapq,qlen; do
    "$BAM2COLS" --reference "$ref" --to tsv --tables reads -c "$cols" "$cram" >cram_some.tsv
    python3 -c '
import sys
want = sys.argv[1].split(",")
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
idx = [rows[0].index(c) for c in want]
for r in rows:
    print("\t".join(r[i] for i in idx))' "$cols" cram_all.tsv >cram_cut.tsv
    same_bytes cram_cut.tsv cram_some.tsv "CRAM with -c $cols"
  done
fi
echo "$checked files equal to samtools view"
finish
