#!/usr/bin/env bash
# Cold-process speed of sentence queries: every question of the given eval
# sets (default: eval/questions.tsv and the citizen sets) run once as a new
# `xunwen search` process against the development corpus index, after one
# warm-up pass; prints the median and the 95th percentile.
#
#   benches/questions.sh [SET.tsv...]
#
# Environment: CORPUS (default ../shared/corpus), INDEX (default
# target/cli-bench-index; built if missing), XUNWEN (default target/release/xunwen).
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus}
INDEX=${INDEX:-target/cli-bench-index}
XUNWEN=${XUNWEN:-target/release/xunwen}
[ "$#" -gt 0 ] || set -- eval/questions.tsv eval/citizen-tune.tsv eval/citizen-heldout.tsv
[ -d "$CORPUS" ] || { echo "corpus $CORPUS not found: set CORPUS" >&2; exit 2; }
[ -x "$XUNWEN" ] || cargo build --release --quiet
"$XUNWEN" --corpus "$CORPUS" --index "$INDEX" index >/dev/null 2>&1
queries=$(mktemp)
tail -q -n +2 "$@" | cut -f2 >"$queries"
run_all() {
  while IFS= read -r q; do
    start=$(date +%s%N)
    "$XUNWEN" --index "$INDEX" search -- "$q" >/dev/null 2>&1 || true
    echo $(( ($(date +%s%N) - start) / 1000 ))
  done <"$queries"
}
run_all >/dev/null   # warm the page cache
run_all | sort -n | awk '{a[NR]=$1} END {
  printf "%d questions, cold process each: median %.1f ms, p95 %.1f ms, max %.1f ms   [target (issue 19): median <= 25, p95 <= 60]\n",
    NR, a[int((NR+1)/2)]/1000, a[int(NR*0.95+0.5)]/1000, a[NR]/1000 }'
rm -f "$queries"
