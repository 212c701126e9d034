#!/usr/bin/env bash
# Times the real `xunwen` binary, cold process per query, against ripgrep
# scanning the same corpus, side by side in one hyperfine run, and reports
# medians, the rg/xunwen ratio and peak memory. With --build it also times a
# full index build (wall time, peak RSS, index size on disk).
#
#   benches/cli.sh [--build] [--no-cargo]
#
# Environment:
#   CORPUS   corpus folder            (default ../shared/corpus)
#   INDEX    index folder to search   (default target/cli-bench-index; built if missing)
#   XUNWEN   binary                   (default target/release/xunwen, built with cargo)
#   RUNS     hyperfine runs per query (default 20, after 3 warm-up runs)
#   BUILD_RUNS full builds to time with --build (default 3)
#   OUT      folder for the JSON exports (default target/cli-bench)
set -euo pipefail

cd "$(dirname "$0")/.."
. benches/load.sh
bench_flags "benches/cli.sh [--build] [--no-cargo]" "$@"

CORPUS=${CORPUS:-../shared/corpus}
INDEX=${INDEX:-target/cli-bench-index}
XUNWEN=${XUNWEN:-target/release/xunwen}
RUNS=${RUNS:-20}
BUILD_RUNS=${BUILD_RUNS:-3}
OUT=${OUT:-target/cli-bench}
mkdir -p "$OUT"

need hyperfine hyperfine
need rg ripgrep
need jq jq
[ -x /usr/bin/time ] || need /usr/bin/time time

require_corpus benches/cli.sh
cargo_build

echo "== $(date -u +%F) on $(nproc) cores; corpus $CORPUS: $(find "$CORPUS" -type f | wc -l) files, $(du -sb --apparent-size "$CORPUS" | cut -f1) bytes"
echo "== binary $XUNWEN ($(stat -c %s "$XUNWEN") bytes)"

# Warm the page cache for both tools.
find "$CORPUS" -type f -print0 | xargs -0 cat >/dev/null

peak_rss_mb() { # command... → peak RSS in MB of one run
  /usr/bin/time -f '%M' -o "$OUT/time.txt" "$@" >/dev/null 2>&1 || true
  awk '{printf "%.1f", $1/1024}' "$OUT/time.txt"
}

if [ "$BUILD" = 1 ]; then
  echo "== full index build, $BUILD_RUNS runs (fresh index each run)"
  walls=()
  for i in $(seq "$BUILD_RUNS"); do
    rm -rf "$OUT/build-index"
    /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$XUNWEN" index --corpus "$CORPUS" --index "$OUT/build-index" >/dev/null 2>&1
    read -r wall rss <"$OUT/time.txt"
    size=$(du -sb "$OUT/build-index" | cut -f1)
    echo "   run $i: ${wall} s wall, peak RSS $((rss / 1024)) MB, index $size bytes"
    walls+=("$wall")
  done
  median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
  text=$(du -sb --apparent-size "$CORPUS" | cut -f1)
  echo "   median build ${median} s = $(awk -v t="$text" -v s="$median" 'BEGIN{printf "%.1f", t/s/1e6}') MB/s of corpus files;" \
       "index/corpus size $(awk -v i="$size" -v t="$text" 'BEGIN{printf "%.2f", i/t}')x"
fi

if ! "$XUNWEN" --corpus "$CORPUS" --index "$INDEX" stats >/dev/null 2>&1; then
  echo "== building the index at $INDEX"
  "$XUNWEN" index --corpus "$CORPUS" --index "$INDEX" >/dev/null
fi
# A refresh that finds nothing changed is a no-op, but keeps the index current.
"$XUNWEN" index --corpus "$CORPUS" --index "$INDEX" >/dev/null

X="$XUNWEN --corpus $CORPUS --index $INDEX search -n 10"
Q1='党史'
Q3='乡村振兴 人才 政策'
echo "== cold processes, hyperfine --warmup 3 --runs $RUNS (output to /dev/null)"
QF="$Q1 --since 2024 --in cctv_xwlb"
T="$XUNWEN --corpus $CORPUS --index $INDEX trend"
hyperfine -N --warmup 3 --runs "$RUNS" --style basic --export-json "$OUT/queries.json" \
  -n "xunwen $Q1" "$X $Q1" \
  -n "xunwen $Q3" "$X $Q3" \
  -n "xunwen $QF" "$X $QF" \
  -n "xunwen trend $Q1 --by year" "$T $Q1 --by year" \
  -n "rg -c $Q1" "rg -c $Q1 $CORPUS" >"$OUT/hyperfine.txt" 2>&1 || { cat "$OUT/hyperfine.txt"; exit 1; }

median_ms() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median * 1000' "$OUT/queries.json"; }
m1=$(median_ms "xunwen $Q1")
m3=$(median_ms "xunwen $Q3")
mf=$(median_ms "xunwen $QF")
mt=$(median_ms "xunwen trend $Q1 --by year")
mr=$(median_ms "rg -c $Q1")
printf '   %-28s median %7.1f ms  peak RSS %6s MB\n' "xunwen search $Q1" "$m1" "$(peak_rss_mb $X $Q1)"
printf '   %-28s median %7.1f ms  peak RSS %6s MB\n' "xunwen search $Q3" "$m3" "$(peak_rss_mb $X $Q3)"
printf '   %-28s median %7.1f ms  peak RSS %6s MB\n' "xunwen search $QF" "$mf" "$(peak_rss_mb $X $QF)"
printf '   %-28s median %7.1f ms  peak RSS %6s MB\n' "xunwen trend $Q1 --by year" "$mt" "$(peak_rss_mb $T $Q1 --by year)"
printf '   %-28s median %7.1f ms  peak RSS %6s MB\n' "rg -c $Q1" "$mr" "$(peak_rss_mb rg -c $Q1 "$CORPUS")"
awk -v r="$mr" -v a="$m1" -v b="$m3" -v f="$mf" -v t="$mt" 'BEGIN {
  printf "   rg/xunwen ratio: %.1fx (%s), %.1fx (%s), %.1fx (filtered), %.1fx (trend)   [target: search <= 20 ms, trend <= 100 ms, >= 10x faster than rg]\n", r/a, "'"$Q1"'", r/b, "'"$Q3"'", r/f, r/t
}'
echo "   (JSON: $OUT/queries.json)"
