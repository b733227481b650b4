#!/usr/bin/env bash
# bam2cols' options: --help and --version, --columns and --tags choices and their errors, a tag value that does not
# fit its column (an error naming the read), --tables, and the output forms.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/bam2cols_lib.sh"
bam=$EXAMPLE_BAM

step "--help and --version"
expect_help_and_version bam2cols "$BAM2COLS" --columns --tags --all-tags --tables --reference --region \
  --regions-file --min-mapq --require-flags --exclude-flags --primary-only --part --plan

step "--columns picks and orders"
"$BAM2COLS" --to tsv --tables reads -c pos,qname,end "$bam" | head -n 2 >cols.txt
[[ $(head -n 1 cols.txt) == $'pos\tqname\tend' ]] || fail "header: $(head -n 1 cols.txt)"
expect_exit 2 "$BAM2COLS" -c qname,nosuch "$bam"
expect_stderr_contains "no column 'nosuch'"
expect_exit 2 "$BAM2COLS" -c qname,qname "$bam"
expect_exit 2 "$BAM2COLS" --tags NM "$bam"
expect_stderr_contains "lacks its type"
expect_exit 2 "$BAM2COLS" --tags NM:q "$bam"
expect_exit 2 "$BAM2COLS" --tags NMX:i "$bam"

step "a tag that does not fit its column names the read"
# AS is negative for some reads: it does not fit u8.
expect_exit 1 "$BAM2COLS" --tags AS:u8 "$bam" -o out.rec
expect_stderr_matches "^bam2cols: error: .*reads.bam: read [0-9]+ \\(NS500105:[^)]*\\): tag AS value -[0-9]+ does not fit u8"
[[ ! -e out.rec ]] || fail "out.rec left behind"
expect_exit 1 "$BAM2COLS" --tags MD:i "$bam" -o /dev/null
expect_stderr_contains "tag MD is of SAM type Z, not an integer"

step "--tables"
expect_exit 2 "$BAM2COLS" --tables nosuch "$bam"
"$BAM2COLS" --tables references --to csv "$bam" | head -n 1 >refs.txt
[[ $(cat refs.txt) == "name,length" ]] || fail "references header: $(cat refs.txt)"

step "JSON lines: nulls where SAM writes *"
"$BAM2COLS" --to jsonl --tables reads -c qname,cigar,seq "$bam" | head -n 1 >one.json
grep -q '"cigar":"' one.json || fail "no cigar: $(cat one.json)"
finish
