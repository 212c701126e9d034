#!/usr/bin/env bash
# Times index refreshes of the real `xunwen` binary (release build) on a copy
# of the shared corpus, and checks them against the issue's targets:
#
#   - full rebuild                       (`xunwen index --rebuild`)
#   - no-change refresh                  (`xunwen index`, nothing changed)       target: well under 1 s
#   - one new document, then refresh     (`xunwen index`, one file added)        target: well under 1 s,
#                                                                                 ≥ 50× faster than a rebuild
#   - `xunwen add FILE` of one new document (copy + scoped refresh)
#
#   benches/refresh.sh [--no-cargo]
#
# Environment:
#   CORPUS     corpus folder                      (default ../shared/corpus; skipped if absent)
#   XUNWEN     binary                             (default target/release/xunwen, built with cargo)
#   FULL_RUNS  timed full rebuilds                (default 5)
#   RUNS       timed runs of the quick refreshes  (default 10)
#   KEEP       set to 1 to keep the temporary corpus copy and index
#
# Medians come from hyperfine when installed, else from a `date +%s%N` loop.
set -euo pipefail

cd "$(dirname "$0")/.."
. benches/load.sh
bench_flags "benches/refresh.sh [--no-cargo]" "$@"

CORPUS=${CORPUS:-../shared/corpus}
XUNWEN=${XUNWEN:-target/release/xunwen}
FULL_RUNS=${FULL_RUNS:-5}
RUNS=${RUNS:-10}

require_corpus benches/refresh.sh skip
cargo_build
XUNWEN=$(realpath "$XUNWEN")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/xunwen-refresh-bench.XXXXXX")
if [ "${KEEP:-0}" != 1 ]; then
  trap 'rm -rf "$WORK"' EXIT
fi
cp -r "$CORPUS" "$WORK/corpus"
C="$WORK/corpus"
I="$WORK/index"
X="$XUNWEN --corpus $C --index $I"

echo "== $(date -u +%F) on $(nproc) cores; corpus copy of $CORPUS: $(find "$C" -type f | wc -l) files, $(du -sb --apparent-size "$C" | cut -f1) bytes"
echo "== binary $XUNWEN; work folder $WORK"
$X index >/dev/null 2>&1
echo "== first build done: $($X stats | grep -E 'documents|paragraphs' | tr -s ' ' | paste -sd ';' -)"

# A new document with different text each time, so it is an addition, never a rename.
cat >"$WORK/new-doc.sh" <<EOF
#!/usr/bin/env bash
set -e
rm -f "$C"/zz-bench-added-*.txt
$X index >/dev/null 2>&1
n=\$(date +%s%N)
printf '基准测试新增文件%s\n\n%s日,某区召开基层治理工作推进会,部署社区服务提质增效工作。\n' "\$n" "\$n" >"$C/zz-bench-added-\$n.txt"
EOF
cat >"$WORK/add-doc.sh" <<EOF
#!/usr/bin/env bash
set -e
rm -f "$C"/zz-bench-add-cmd.txt
$X index >/dev/null 2>&1
n=\$(date +%s%N)
printf '基准测试添加命令%s\n\n%s日,某县举办农产品产销对接活动,签约金额创新高。\n' "\$n" "\$n" >"$WORK/zz-bench-add-cmd.txt"
EOF
chmod +x "$WORK/new-doc.sh" "$WORK/add-doc.sh"

median_of() { # command runs prepare → median seconds
  local cmd=$1 runs=$2 prepare=${3:-}
  if command -v hyperfine >/dev/null 2>&1; then
    local json="$WORK/hf-$RANDOM.json"
    local args=(--runs "$runs" --export-json "$json" --style basic)
    [ -n "$prepare" ] && args+=(--prepare "$prepare")
    hyperfine "${args[@]}" "$cmd" >&2
    jq '.results[0].median' "$json"
  else
    local times=()
    for _ in $(seq "$runs"); do
      [ -n "$prepare" ] && bash -c "$prepare" >/dev/null 2>&1
      local t0 t1
      t0=$(date +%s%N)
      bash -c "$cmd" >/dev/null 2>&1
      t1=$(date +%s%N)
      times+=("$(( t1 - t0 ))")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.6f\n", m / 1e9}'
  fi
}

echo "== full rebuild ($FULL_RUNS runs)"
FULL=$(median_of "$X index --rebuild" "$FULL_RUNS")
echo "== no-change refresh ($RUNS runs)"
NOCHANGE=$(median_of "$X index" "$RUNS" "$X index")
echo "== one new document, then refresh ($RUNS runs)"
ONE=$(median_of "$X index" "$RUNS" "$WORK/new-doc.sh")
echo "== xunwen add of one new document ($RUNS runs)"
ADD=$(median_of "$X add $WORK/zz-bench-add-cmd.txt" "$RUNS" "$WORK/add-doc.sh")

# The timed refreshes must have found the new file (guards against timing a no-op).
$X search --json 基准测试新增文件 >/dev/null || { echo "the added document was not found" >&2; exit 1; }

echo
echo "median seconds:"
printf '  full rebuild                 %8.3f s\n' "$FULL"
printf '  no-change refresh            %8.3f s\n' "$NOCHANGE"
printf '  one new document + refresh   %8.3f s\n' "$ONE"
printf '  xunwen add (one document)    %8.3f s\n' "$ADD"
awk -v f="$FULL" -v o="$ONE" -v n="$NOCHANGE" 'BEGIN {
  ratio = f / o
  printf "  ratio full rebuild / one-document refresh: %.1fx\n", ratio
  ok = (o < 1 && n < 1 && ratio >= 50)
  printf "targets (one-doc < 1 s, no-change < 1 s, ratio >= 50x): %s\n", ok ? "met" : "MISSED"
}'
