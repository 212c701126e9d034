#!/usr/bin/env bash
# How xunwen grows with the corpus (issue 15): the corpus once (1×) against
# three copies of it under different top folders (3×), in a temporary folder
# (hard links where the file system allows, else copies).
#
#   - full builds of each, alternating 1× and 3×, each a fresh process under
#     /usr/bin/time: wall, user CPU, peak RSS; medians, ratio 3× ÷ 1×
#     (target ≤ 3.3×);
#   - index size and segment count (`xunwen stats --json`) of the last build;
#   - cold `search` processes (hyperfine -N), 1× and 3× in one hyperfine run
#     per query, and `rg -c 党史` over each corpus; medians, ratio 3× ÷ 1×
#     (target for a top-10 query: ≤ 1.5×).
#
#   benches/growth.sh [--no-cargo]
#
# Environment:
#   CORPUS      corpus folder                     (default ../shared/corpus)
#   XUNWEN      binary                            (default target/release/xunwen)
#   BUILD_RUNS  builds of each size               (default 3; at least 1)
#   RUNS        hyperfine runs per query          (default 20, after 3 warm-up runs)
#   KEEP        set to 1 to keep the work folder  (its path is printed)
#   QUIET       set to 1 to wait before each build and each hyperfine run until
#               the machine is idle (QUIET_MAX seconds at most, default 900), and
#               to do a build again (up to 4 times) when other processes took
#               more than 1 CPU-second during it (left out of the medians)
#
# Each build line shows `other`: CPU seconds other processes used meanwhile.
set -euo pipefail

cd "$(dirname "$0")/.."
. benches/load.sh
bench_flags "benches/growth.sh [--no-cargo]" "$@"

CORPUS=${CORPUS:-../shared/corpus}
XUNWEN=${XUNWEN:-target/release/xunwen}
BUILD_RUNS=${BUILD_RUNS:-3}
RUNS=${RUNS:-20}
[ "$BUILD_RUNS" -ge 1 ] || BUILD_RUNS=1

need hyperfine hyperfine
need rg ripgrep
need jq jq
[ -x /usr/bin/time ] || need /usr/bin/time time

require_corpus benches/growth.sh
cargo_build --bin xunwen
XUNWEN=$(realpath "$XUNWEN")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/xunwen-growth.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
  echo "== work folder $WORK (kept)"
else
  trap 'rm -rf "$WORK"' EXIT
fi
copy() { cp -al "$1" "$2" 2>/dev/null || { rm -rf "$2"; cp -a "$1" "$2"; }; }
copy "$CORPUS" "$WORK/c1"
mkdir "$WORK/c3"
for k in 1 2 3; do copy "$CORPUS" "$WORK/c3/copy$k"; done

echo "== $(date -u '+%F %H:%M') on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== xunwen $XUNWEN ($(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+dirty'))"
for s in 1 3; do
  echo "   ${s}×: $(find "$WORK/c$s" -type f | wc -l) files, $(find "$WORK/c$s" -type f -printf "%s\n" | awk "{t+=\$1} END {print t}") bytes"
done
find "$WORK/c3" -type f -print0 | xargs -0 cat >/dev/null

# Builds, alternating sizes; the last index of each size is kept for queries.
: >"$WORK/builds"
for i in $(seq "$BUILD_RUNS"); do
  for s in 1 3; do
    for attempt in 1 2 3 4 5; do
      rm -rf "$WORK/i$s"
      wait_quiet
      before=$(busy_cs)
      /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$XUNWEN" --corpus "$WORK/c$s" --index "$WORK/i$s" index --rebuild \
        >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
      after=$(busy_cs)
      read -r wall user sys rss <"$WORK/time"
      other=$(other_cpu "$before" "$after" "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')")
      retry=0
      if [ "${QUIET:-0}" = 1 ] && [ "$attempt" -lt 5 ] && awk -v o="$other" 'BEGIN{exit !(o > 1.0)}'; then retry=1; fi
      printf '   build %s× run %s: %6.2f s wall, %6.2f s user, peak RSS %4d MB, other %5s s%s\n' \
        "$s" "$i" "$wall" "$user" "$((rss / 1024))" "$other" "$([ "$retry" = 1 ] && echo ' (shared, again)')"
      [ "$retry" = 1 ] && continue
      echo "$s $wall $user $rss $other" >>"$WORK/builds"
      break
    done
  done
done
median() { # size column → median
  awk -v s="$1" -v c="$2" '$1 == s {print $c}' "$WORK/builds" | sort -g |
    awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}
stat_of() { # size field → value from `xunwen stats --json`
  "$XUNWEN" --corpus "$WORK/c$1" --index "$WORK/i$1" stats --json | jq -r ".$2"
}

X() { echo "$XUNWEN --corpus $WORK/c$1 --index $WORK/i$1 search -n 10"; }
queries=('党史' '乡村振兴 人才 政策' '市人民政府')
: >"$WORK/q"
for q in "${queries[@]}"; do
  wait_quiet
  hyperfine -N --warmup 3 --runs "$RUNS" --style none --export-json "$WORK/h.json" \
    -n "1× $q" "$(X 1) $q" -n "3× $q" "$(X 3) $q" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  jq -r '.results[] | "\(.command)\t\(.median * 1000)"' "$WORK/h.json" >>"$WORK/q"
done
wait_quiet
hyperfine -N --warmup 2 --runs "$(( RUNS < 10 ? RUNS : 10 ))" --style none --export-json "$WORK/h.json" \
  -n "1× rg -c 党史" "rg -c 党史 $WORK/c1" -n "3× rg -c 党史" "rg -c 党史 $WORK/c3" >/dev/null 2>"$WORK/err" || true
jq -r '.results[] | "\(.command)\t\(.median * 1000)"' "$WORK/h.json" >>"$WORK/q"
qms() { awk -F'\t' -v n="$1" '$1 == n {print $2}' "$WORK/q"; }

echo
echo "| | 1× | 3× | 3× ÷ 1× |"
echo "|---|---|---|---|"
row() { # label v1 v3 unit → table row
  awk -v l="$1" -v a="$2" -v b="$3" -v u="$4" 'BEGIN { printf "| %s | %.1f %s | %.1f %s | %.2f× |\n", l, a, u, b, u, b/a }'
}
row "build wall (median of $BUILD_RUNS)" "$(median 1 2)" "$(median 3 2)" s
row "build user CPU" "$(median 1 3)" "$(median 3 3)" s
row "build peak RSS" "$(awk -v k="$(median 1 4)" 'BEGIN{print k/1024}')" "$(awk -v k="$(median 3 4)" 'BEGIN{print k/1024}')" MB
row "index size" "$(awk -v b="$(stat_of 1 size_bytes)" 'BEGIN{print b/1e6}')" "$(awk -v b="$(stat_of 3 size_bytes)" 'BEGIN{print b/1e6}')" MB
row "segments" "$(stat_of 1 segments)" "$(stat_of 3 segments)" ""
for q in "${queries[@]}"; do
  row "cold \`search $q\`" "$(qms "1× $q")" "$(qms "3× $q")" ms
done
row "\`rg -c 党史\`" "$(qms "1× rg -c 党史")" "$(qms "3× rg -c 党史")" ms
echo
echo "(CPU seconds used by other processes during the builds: $(awk '{print $5}' "$WORK/builds" | sort -g | paste -sd ' ' -))"
