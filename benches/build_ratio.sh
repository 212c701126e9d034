#!/usr/bin/env bash
# Issue 15's build target, measured: xunwen's full build against the plain
# reference index (tantivy + one jieba search-mode field, `examples/plain_reference.rs`)
# of the same text, in one run, alternating the builds, each a fresh process
# under /usr/bin/time. Prints wall time, user and system CPU, peak RSS, index
# size and segment count of every build, then medians and the ratios
# xunwen ÷ reference (target: wall ≤ 2.0×).
#
# Variants (VARIANTS, default all four, in this order within each round):
#   reference  the plain reference over the paragraphs xunwen indexes, cleaned
#              by xunwen's own ingest steps, without date and title detection
#              (`--unit paragraphs`): the headline ratio
#   documents  the same over `ingest::read_document`, i.e. exactly xunwen's
#              paragraphs, paying for xunwen's date and title detection too
#   lines      the same over raw non-empty lines (the issue's first measurement)
#   xunwen     `xunwen index --rebuild`
#
#   benches/build_ratio.sh [--no-cargo]
#
# Environment:
#   CORPUS  corpus folder                (default ../shared/corpus)
#   RUNS    builds of each, alternating  (default 3)
#   VARIANTS  which builds, e.g. "reference xunwen" (default "reference documents lines xunwen");
#           NAME=BINARY adds another xunwen binary (a patched build) under NAME
#   XUNWEN  xunwen binary                (default target/release/xunwen)
#   REF     reference binary             (default target/release/examples/plain_reference)
#   OUT     work folder (indexes, logs)  (default: a temporary folder, removed)
#   QUIET   set to 1 to wait before each build until the machine is idle
#           (QUIET_MAX seconds at most, default 900), and to do a build again
#           (up to 4 times) when other processes took more than 1 CPU-second
#           during it; the retried builds are listed, marked "(shared)", and
#           left out of the medians
#
# The `other_s` column is the CPU time other processes used during that build
# (from /proc/stat): a build with `other_s` well above zero shared the cores.
set -euo pipefail

cd "$(dirname "$0")/.."
. benches/load.sh
bench_flags "benches/build_ratio.sh [--no-cargo]" "$@"

CORPUS=${CORPUS:-../shared/corpus}
RUNS=${RUNS:-3}
read -r -a variants <<<"${VARIANTS:-reference documents lines xunwen}"
is_reference() { case "$1" in reference|documents|lines) return 0 ;; *) return 1 ;; esac; }
XUNWEN=${XUNWEN:-target/release/xunwen}
REF=${REF:-target/release/examples/plain_reference}

require_corpus benches/build_ratio.sh
[ -x /usr/bin/time ] || need /usr/bin/time time
cargo_build --bin xunwen --example plain_reference
if [ -z "${OUT:-}" ]; then
  OUT=$(mktemp -d "${TMPDIR:-/tmp}/xunwen-build-ratio.XXXXXX")
  trap 'rm -rf "$OUT"' EXIT
fi
mkdir -p "$OUT"

echo "== $(date -u '+%F %H:%M') on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); corpus $CORPUS:" \
     "$(find "$CORPUS" -type f | wc -l) files, $(du -sb --apparent-size "$CORPUS" | cut -f1) bytes"
echo "== xunwen $XUNWEN (tree $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+dirty')), reference $REF; $RUNS builds of each, alternating"
find "$CORPUS" -type f -print0 | xargs -0 cat >/dev/null

# One build of variant $1 → a line "variant wall user sys rss_kb bytes segments other_s"
build() {
  local variant=${1%%=*} index="$OUT/index-${1%%=*}" before after bin=$XUNWEN
  [[ "$1" == *=* ]] && bin=${1#*=}
  rm -rf "$index"
  wait_quiet
  before=$(busy_cs)
  case "$1" in
    reference) /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" "$REF" "$CORPUS" "$index" --unit paragraphs >"$OUT/out" 2>"$OUT/err" ;;
    documents) /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" "$REF" "$CORPUS" "$index" --unit documents >"$OUT/out" 2>"$OUT/err" ;;
    lines)     /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" "$REF" "$CORPUS" "$index" --unit lines >"$OUT/out" 2>"$OUT/err" ;;
    xunwen|*=*) /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" "$bin" --corpus "$CORPUS" --index "$index" index --rebuild >"$OUT/out" 2>"$OUT/err" ;;
    *) echo "unknown variant $variant" >&2; exit 2 ;;
  esac || { cat "$OUT/err" >&2; exit 1; }
  after=$(busy_cs)
  local segments
  if ! is_reference "$variant"; then
    segments=$("$bin" --corpus "$CORPUS" --index "$index" stats --json | sed -n 's/.*"segments": *\([0-9]*\).*/\1/p')
  else
    segments=$(sed -n 's/.*"segments": *\([0-9]*\).*/\1/p' "$OUT/out")
  fi
  read -r wall user sys rss <<<"$(tail -n 1 "$OUT/time")"
  echo "$variant $wall $user $sys $rss $(du -sb "$index" | cut -f1) $segments $(other_cpu "$before" "$after" "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')")"
  rm -rf "$index"
}

printf '   %-10s %8s %8s %7s %9s %10s %4s %8s\n' build wall_s user_s sys_s rss_MB index_MB segs other_s
: >"$OUT/all"
for i in $(seq "$RUNS"); do
  for v in "${variants[@]}"; do
    for attempt in 1 2 3 4 5; do
      line=$(build "$v")
      read -r name wall user sys rss bytes segs other <<<"$line"
      shared=$(awk -v o="$other" 'BEGIN{print (o > 1.0)}')
      retry=$([ "${QUIET:-0}" = 1 ] && [ "$shared" = 1 ] && [ "$attempt" -lt 5 ] && echo 1 || echo 0)
      printf '   %-10s %8.2f %8.2f %7.2f %9.0f %10.1f %4s %8s%s\n' "$name" "$wall" "$user" "$sys" "$((rss / 1024))" \
        "$(awk -v b="$bytes" 'BEGIN{print b/1e6}')" "$segs" "$other" "$([ "$retry" = 1 ] && echo ' (shared)')"
      [ "$retry" = 1 ] && continue
      echo "$line" >>"$OUT/all"
      break
    done
  done
done

median() { # variant column → median of that column over the variant's runs
  awk -v v="$1" -v c="$2" '$1 == v {print $c}' "$OUT/all" | sort -g |
    awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}
echo "== medians"
for v in "${variants[@]%%=*}"; do
  printf '   %-10s wall %6.2f s  user %6.2f s  sys %5.2f s  peak RSS %5.0f MB  index %6.1f MB\n' "$v" \
    "$(median "$v" 2)" "$(median "$v" 3)" "$(median "$v" 4)" "$(awk -v k="$(median "$v" 5)" 'BEGIN{print k/1024}')" \
    "$(awk -v b="$(median "$v" 6)" 'BEGIN{print b/1e6}')"
done
names=("${variants[@]%%=*}")
for x in "${names[@]}"; do
  is_reference "$x" && continue
  for v in "${names[@]}"; do
    is_reference "$v" || continue
    awk -v x="$x" -v v="$v" -v xw="$(median "$x" 2)" -v rw="$(median "$v" 2)" -v xu="$(median "$x" 3)" -v ru="$(median "$v" 3)" \
        -v xr="$(median "$x" 5)" -v rr="$(median "$v" 5)" -v xb="$(median "$x" 6)" -v rb="$(median "$v" 6)" 'BEGIN {
      printf "== %s / %-9s wall %.2fx%s, user CPU %.2fx, peak RSS %.2fx, index %.2fx\n", x, v, xw/rw,
        (v == "reference" ? " (target <= 2.0x)" : ""), xu/ru, xr/rr, xb/rb
    }'
  done
done
