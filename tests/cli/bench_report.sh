#!/usr/bin/env bash
# bench/report at a tiny --scale on two of its benchmarks (chunk and the SQLite sink, which need no shared data):
# it writes the report with the machine, ratio rows with their goals, and time and memory at 1x, 4x and 16x; a
# failing command makes it exit 1 with the command named in the report; a missing executable is a skipped line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
need sqlite3
[[ -x /usr/bin/time ]] || skip "no /usr/bin/time (Debian package time)"
report=$RECPIPE_SOURCE_DIR/bench/report
bin=$(cd "$RECPIPE_BIN/.." && pwd)
tiny=(--scale 0.002 --runs 1 --only "chunk,sqlite_sink" --data "$WORK/data")

step "a tiny run writes REPORT.md, results.tsv and (with gnuplot) the plots"
expect_exit 0 "$report" --bin "$bin" "${tiny[@]}" --out "$WORK/REPORT.md" --plots "$WORK/plots"
md=$WORK/REPORT.md
for want in "| load average before |" "| kernel |" "| commit |" "## Ratios to the peers and goals" \
  "| chunk | lines, same file" "| wc -l |" "| sqlite_sink | chunk CSV -o x.sqlite" "| sqlite3 .import --csv |"; do
  grep -qF -- "$want" "$md" || soft_fail "REPORT.md lacks '$want'"
done
grep -qE '^\| chunk \| threads-csv: -j 2 against -j 1 \|.*\| >= 1.7 \| (PASS|MISS) \| - \|$' "$md" ||
  soft_fail "no threads-csv row with its goal and a verdict: $(grep threads-csv "$md")"
# Every command of the growth table at 1x, 4x and 16x, the inputs growing by 4 each time.
tsv=$WORK/data/results.tsv
[[ -s $tsv ]] || fail "no $tsv"
awk -F'\t' 'NR > 1 { n[$2]++; b[$2, $3] = $4 }
  END { for (c in n) if (n[c] != 3 || b[c, 4] < 3 * b[c, 1] || b[c, 16] < 3 * b[c, 4]) { print c; bad = 1 }
        exit bad }' "$tsv" || soft_fail "a command lacks a scale, or its input did not grow: $(cat "$tsv")"
[[ $(tail -n +2 "$tsv" | cut -f2 | sort -u | wc -l) == 5 ]] || soft_fail "expected 5 commands in $tsv"
if command -v gnuplot >/dev/null; then
  for png in ratios scale-chunk scale-sqlite_sink; do
    [[ $(head -c 4 "$WORK/plots/$png.png" | od -An -c | tr -d ' ') == '211PNG' ]] || soft_fail "no $png.png"
  done
fi

step "a command that fails: exit 1, and the report names it"
mkdir -p fake/chunk
printf '#!/bin/sh\necho "chunk: error: broken on purpose" >&2\nexit 3\n' > fake/chunk/chunk
chmod +x fake/chunk/chunk
expect_exit 1 "$report" --bin "$WORK/fake" "${tiny[@]}" --out "$WORK/bad.md" --plots "$WORK/bad-plots"
grep -qF "chunk: ERROR:" "$WORK/bad.md" || soft_fail "bad.md does not report the failure: $(show "$WORK/bad.md")"
grep -qF "broken on purpose" "$WORK/bad.md" || soft_fail "bad.md does not show chunk's message"

step "a missing executable: skipped with a line, exit 0"
mkdir -p empty
expect_exit 0 "$report" --bin "$WORK/empty" "${tiny[@]}" --out "$WORK/none.md" --plots "$WORK/none-plots"
grep -qE "^- chunk: no chunk under .*empty" "$WORK/none.md" || soft_fail "none.md lacks the skipped line"
finish
