# shellcheck shell=bash
# Helpers for the bam2cols tests: sourced after lib.sh. Sets BAM2COLS and EXAMPLE_BAM.
BAM2COLS=$RECPIPE_BIN/../bam2cols/bam2cols
[[ -x $BAM2COLS ]] || fail "no bam2cols executable at $BAM2COLS"
EXAMPLE_BAM=$RECPIPE_SOURCE_DIR/examples/reads.bam
# The columns bam2cols_compare.py checks against samtools view.
COMPARE_COLUMNS=qname,flag,rname,pos,mapq,cigar,rnext,pnext,tlen,seq,qual,end,qlen
# No reference downloads in tests: CRAM references come from --reference or nowhere.
export REF_PATH=/nonexistent REF_CACHE=/nonexistent

# same_as_samtools FILE [OPTIONS...]: every column of bam2cols equals samtools view's text for FILE (OPTIONS go to
# both, e.g. --reference FASTA).
same_as_samtools() {
  local f=$1
  shift
  samtools view "$@" "$f" >"$WORK/want.sam" || fail "samtools view $* $f failed"
  "$BAM2COLS" "$@" --to tsv --tables reads -c "$COMPARE_COLUMNS" --all-tags "$f" >"$WORK/got.tsv" ||
    fail "bam2cols $* $f failed"
  python3 "$RECPIPE_SOURCE_DIR/tests/cli/bam2cols_compare.py" "$WORK/want.sam" "$WORK/got.tsv" >"$WORK/cmp.txt" ||
    fail "bam2cols differs from samtools view on $f: $(cat "$WORK/cmp.txt")"
}

# qnames ARGS...: bam2cols' qname and flag columns for ARGS, as "QNAME<TAB>FLAG" lines.
qnames() { "$BAM2COLS" --to tsv --tables reads -c qname,flag "$@" | tail -n +2; }
