#!/usr/bin/env bash
# --part K/N: the pieces of an indexed BAM, concatenated, are exactly the whole (each read once, in order), for
# several N; --plan N prints the pieces; the references table comes with piece 1 only. Also on the larger shared
# BAMs where present.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/bam2cols_lib.sh"

check_pieces() {  # check_pieces BAM N
  local bam=$1 n=$2 k
  "$BAM2COLS" --to tsv --tables reads --all-tags "$bam" >whole.tsv
  : >joined.tsv
  for k in $(seq 1 "$n"); do
    "$BAM2COLS" --to tsv --tables reads --all-tags --part "$k/$n" "$bam" | tail -n +2 >>joined.tsv
  done
  tail -n +2 whole.tsv >whole.body
  same_bytes whole.body joined.tsv "$n pieces of $(basename "$bam") joined"
  "$BAM2COLS" --plan "$n" "$bam" >plan.txt
  [[ $(count_lines plan.txt) == "$n" ]] || fail "--plan $n printed $(count_lines plan.txt) lines"
  awk -F'\t' -v n="$n" -v size="$(stat -c %s "$bam")" '
    NR == 1 { at = $2 } $1 != NR || $2 != at || $3 < 0 { bad = 1 } { at = $2 + $3 }
    END { if (bad || at > size) exit 1 }' plan.txt || fail "--plan $n pieces do not follow one another: $(cat plan.txt)"
}

for n in 1 2 3 7; do
  step "--part k/$n of the example BAM"
  check_pieces "$EXAMPLE_BAM" "$n"
done

step "the references table with piece 1 only"
"$BAM2COLS" --to tsv --tables references --part 1/3 "$EXAMPLE_BAM" | tail -n +2 | wc -l >p1.txt
"$BAM2COLS" --to tsv --tables references --part 2/3 "$EXAMPLE_BAM" | wc -l >p2.txt
[[ $(cat p1.txt) -gt 0 && $(cat p2.txt) == 0 ]] || fail "references: $(cat p1.txt) rows in piece 1, $(cat p2.txt) lines in piece 2"

step "--part needs an indexed BAM"
cp "$EXAMPLE_BAM" noindex.bam
expect_exit 1 "$BAM2COLS" --part 1/2 noindex.bam -o /dev/null
expect_stderr_contains "noindex.bam: --part and --plan need an index"
expect_exit 2 "$BAM2COLS" --part 3/2 "$EXAMPLE_BAM" -o /dev/null

find_shared_data
for f in umitools/chr19.bam medaka/ont_testreads_to_draft.bam; do
  [[ -e $SHARED/bam/$f && -e $SHARED/bam/$f.bai ]] || continue
  step "--part k/5 of $f"
  check_pieces "$SHARED/bam/$f" 5
done
finish
