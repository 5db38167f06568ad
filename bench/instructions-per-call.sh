#!/usr/bin/env bash
# instructions-per-call.sh: user-space instructions camd executes per call, counted by
# valgrind's callgrind. Unlike ops/s on a shared 2-core machine, the count barely moves between
# runs, so a change to camd's own per-call work can be measured while other jobs run.
# Starts a --dev camd under callgrind on loopback, preloads and warms with cambench, zeroes the
# counters, runs cambench for the measured span, dumps, and divides the instructions by the
# calls answered in that span (audit lines written, one per call), after taking off what an
# idle span of the same length costs. The top functions by
# inclusive count are printed for where the instructions go.
#
# usage: bench/instructions-per-call.sh [--build-dir DIR] [--op read|write] [--duration S]
#                                       [--out FILE] [--top N]
#   defaults: --build-dir build --op read --duration 10 --top 25. --out keeps the callgrind
#   profile (callgrind_annotate FILE). Needs valgrind (scripts/install-deps.sh installs it).
set -euo pipefail

build_dir="build"
op="read"
duration=10
out=""
top=25
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) build_dir="$2"; shift 2 ;;
    --op) op="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --top) top="$2"; shift 2 ;;
    *) echo "instructions-per-call.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$op" in read|write) ;; *) echo "instructions-per-call.sh: --op must be read or write" >&2; exit 2 ;; esac
for tool in valgrind callgrind_control callgrind_annotate; do
  command -v "$tool" > /dev/null || { echo "instructions-per-call.sh: $tool not found" >&2; exit 2; }
done
camd="$build_dir/bin/camd"
cambench="$build_dir/bin/cambench"
[[ -x "$camd" && -x "$cambench" ]] || { echo "instructions-per-call.sh: build camd and cambench in $build_dir first" >&2; exit 2; }

work="$(mktemp -d /tmp/cam-callgrind.XXXXXX)"
valgrind_pid=""
cleanup() {
  if [[ -n "$valgrind_pid" ]]; then kill "$valgrind_pid" 2> /dev/null || true; wait "$valgrind_pid" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=scripts/lib/camd-under-callgrind.sh
source "$(dirname "$0")/../scripts/lib/camd-under-callgrind.sh"
start_camd_under_callgrind "$camd" "$work/data" "$work/callgrind.out" "$work/camd.log"
# shellcheck disable=SC1091
source "$work/data/env"

# One call in flight: with more, gRPC batches reads and writes of several calls into one system
# call, and the count per call would depend on how many calls valgrind's speed let overlap.
bench() { "$cambench" --target camd --op "$op" --concurrency 1 --channels 1 --value-size 256 --keys 1000 "$@"; }
bench --duration 3 > /dev/null  # preload (reads) and warm-up, not counted
audit="$work/data/audit.jsonl"
# callgrind numbers its dumps: the newest holds the counts since the last zeroing.
# shellcheck disable=SC2012  # the names are callgrind's own, in our mktemp directory
newest_profile() { ls "$work"/callgrind.out.* | sort -V | tail -1; }
counted() {
  callgrind_annotate "$(newest_profile)" 2> /dev/null |
    awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}'
}
# camd's timers and pollers run without calls too: count an idle span as long as the measured
# one and take it off, so the figure does not depend on how many calls fit in the span.
callgrind_control --zero "$valgrind_pid" > /dev/null 2>&1
sleep "$duration"
callgrind_control --dump "$valgrind_pid" > /dev/null 2>&1
idle=$(counted)
callgrind_control --zero "$valgrind_pid" > /dev/null 2>&1
before=$(wc -l < "$audit")
bench --duration "$duration" --preload=false | tail -1
callgrind_control --dump "$valgrind_pid" > /dev/null 2>&1
after=$(wc -l < "$audit")
calls=$((after - before))
busy=$(counted)
echo "op=$op calls=$calls instructions=$busy idle_span_instructions=$idle instructions_per_call=$(((busy - idle) / calls))"
profile="$(newest_profile)"
if [[ -n "$out" ]]; then cp "$profile" "$out"; fi
# Where they go: inclusive instructions per call of the heaviest functions (nested ones count
# inside their callers too).
if [[ "$top" -gt 0 ]]; then
  echo "instructions per call, inclusive, top $top:"
  callgrind_annotate --inclusive=yes --threshold=100 "$profile" 2> /dev/null |
    awk -v calls="$calls" '/^ *[0-9,]+ \(/ { n = $1; gsub(",", "", n);
      sub(/^ *[0-9,]+ \( *[0-9.]+%\) */, ""); printf "%9d %s\n", n / calls, substr($0, 1, 150) }' |
    grep -v -E 'clone|start_thread|_M_run|0x[0-9a-f]+ \[' | head -n "$top" || true
fi
