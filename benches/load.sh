# Helpers for the bench scripts (cli.sh, build_ratio.sh, growth.sh, refresh.sh),
# which source this file, and for timing on a shared machine.
#
#   bench_flags USAGE "$@"
#                      reads the script's flags: --no-cargo sets CARGO=0 (else 1),
#                      --build sets BUILD=1 (else 0) when USAGE offers it; anything
#                      else prints USAGE and exits 2
#   require_corpus NAME [skip]
#                      checks that $CORPUS is a folder; if not, says so under NAME
#                      and exits 2 (0 with `skip`: nothing to measure)
#   cargo_build ARGS...
#                      `cargo build --release --quiet ARGS...` unless --no-cargo
#   need CMD PACKAGE   installs the Debian PACKAGE when CMD is missing
#   busy_cs            CPU time used by the whole machine so far, in centiseconds
#                      (user + nice + system + irq + softirq + steal over all cores)
#   other_cpu BEFORE AFTER OWN_S
#                      seconds of CPU that processes other than ours used between
#                      two `busy_cs` readings, given our own user + system seconds
#   wait_quiet         when QUIET=1, waits (up to QUIET_MAX seconds, default 900)
#                      until the machine is at least 90 % idle over 3 seconds

bench_flags() {
  local usage=$1 arg
  shift
  CARGO=1
  BUILD=0
  for arg in "$@"; do
    case "$arg" in
      --no-cargo) CARGO=0 ;;
      --build) if [[ "$usage" == *--build* ]]; then BUILD=1; else echo "usage: $usage" >&2; exit 2; fi ;;
      *) echo "usage: $usage" >&2; exit 2 ;;
    esac
  done
}

require_corpus() {
  [ -d "$CORPUS" ] && return 0
  if [ "${2:-}" = skip ]; then
    echo "$1: corpus $CORPUS not found; skipping (set CORPUS to a corpus folder)" >&2
    exit 0
  fi
  echo "$1: corpus $CORPUS not found; set CORPUS" >&2
  exit 2
}

cargo_build() {
  [ "$CARGO" = 1 ] || return 0
  cargo build --release --quiet "$@"
}

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "installing $2 (for $1)" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y "$2" >/dev/null; else sudo apt-get install -y "$2" >/dev/null; fi
  fi
}

busy_cs() {
  awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

other_cpu() {
  awk -v a="$1" -v b="$2" -v own="$3" 'BEGIN { o = (b - a) / 100 - own; printf "%.1f", (o < 0 ? 0 : o) }'
}

wait_quiet() {
  [ "${QUIET:-0}" = 1 ] || return 0
  local start idle
  start=$(date +%s)
  while :; do
    idle=$(awk '$1 == "cpu" { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
    sleep 3
    idle=$(awk -v prev="$idle" '$1 == "cpu" {
      split(prev, p, " "); i = $5 + $6 - p[1]; t = $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 - p[2];
      print int(100 * i / t) }' /proc/stat)
    [ "$idle" -ge 90 ] && return 0
    if [ $(( $(date +%s) - start )) -ge "${QUIET_MAX:-900}" ]; then
      echo "   (machine still busy after ${QUIET_MAX:-900} s: ${idle}% idle; measuring anyway)" >&2
      return 0
    fi
  done
}
