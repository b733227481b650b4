#!/usr/bin/env bash
# The results of the Makefile against figures from elsewhere:
#   - the N merged pieces (out/reads.rec) hold the tables of one bam2cols run over the whole file (out/single.rec),
#     record for record, with the reads as many as samtools view -c counts;
#   - out/region.tsv is the text samtools view writes for the region (its eleven SAM columns; \N is SAM's *);
#   - out/window.tsv, loaded from the container, is samtools view's text for the reads starting in the window.
#   bash check.sh BAM N REGION A:B
set -euo pipefail
bam=$1 n=$2 region=$3 window=$4
fail() { echo "check: FAIL: $*" >&2; exit 1; }
# sam_text: pack's or bam2cols' TSV (header line first) as SAM text: nulls (\N) back to *.
sam_text() { tail -n +2 "$1" | awk 'BEGIN { FS = OFS = "\t" } { for (i = 1; i <= NF; i++) if ($i == "\\N") $i = "*"; print }'; }

all_reads=$(samtools view -c "$bam")
for table in reads references; do
  pack -d --table $table --to tsv out/single.rec >out/single.$table.tsv
  pack -d --table $table --to tsv out/reads.rec >out/merged.$table.tsv
  cmp out/single.$table.tsv out/merged.$table.tsv || fail "table $table: the merged pieces differ from the single run"
done
merged_reads=$(($(wc -l <out/merged.reads.tsv) - 1))
echo "merged pieces: $merged_reads reads, the same as the single run; samtools view -c: $all_reads"
[[ $merged_reads == "$all_reads" ]] || fail "the merged pieces hold $merged_reads reads, samtools counts $all_reads"
for k in $(seq "$n"); do
  printf '  piece %s: %s reads\n' "$k" "$(($(pack -d --table reads --to tsv "out/part$k-of-$n.rec" | wc -l) - 1))"
done

samtools view "$bam" "$region" | cut -f 1-11 >out/region.samtools.sam
sam_text out/region.tsv >out/region.sam
cmp out/region.samtools.sam out/region.sam || fail "bam2cols --region $region differs from samtools view"
echo "region $region: $(wc -l <out/region.sam) reads, the same as samtools view ($(samtools view -c "$bam" "$region") by -c)"

lo=${window%:*} hi=${window#*:}
samtools view "$bam" | awk -v lo="$lo" -v hi="$hi" '$4 >= lo && $4 < hi' | cut -f 1-11 >out/window.samtools.sam
sam_text out/window.tsv >out/window.sam
[[ -s out/window.sam ]] || fail "no reads start in $window: choose a window with reads"
cmp out/window.samtools.sam out/window.sam || fail "pack -d --where pos=$window differs from samtools view"
echo "window pos=$window from the container: $(wc -l <out/window.sam) reads, the same as samtools view"
