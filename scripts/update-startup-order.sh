#!/usr/bin/env bash
# update-startup-order.sh: regenerates src/daemon/camd_startup.order, the symbol ordering file
# that lld lays camd's code out by (cmake/CamStartupOrder.cmake).
#
# Why: the kernel maps 64 KiB of a file around every page fault in it (fault-around), so each
# function camd runs at start makes its neighbours resident too. With the code that start-up
# runs laid out together, idle camd keeps about 5 MiB less code resident
# (docs/PERFORMANCE.md, "Startup code laid out together"). The code that answers calls comes
# next, so the request path shares pages and TLB entries as well.
#
# How: camd runs under valgrind's callgrind, once on a fresh data directory (dev PKI made) and
# once restarted on it; the functions of camd's own binary that ran until it was ready and idle
# are listed first, then those that ran while cambench wrote and read. Symbols that no longer
# exist are ignored by the linker, so a stale file only costs memory, never correctness; run
# this again after large changes to what camd does at start.
#
# usage: scripts/update-startup-order.sh [--build-dir DIR] [--out FILE]
#   defaults: --build-dir build, --out src/daemon/camd_startup.order (relative to the repo).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="build"
out="$repo/src/daemon/camd_startup.order"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) build_dir="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "update-startup-order.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
for tool in valgrind callgrind_control; do
  command -v "$tool" > /dev/null ||
    { echo "update-startup-order.sh: $tool not found (scripts/install-deps.sh installs valgrind)" >&2; exit 2; }
done
camd="$build_dir/bin/camd"
cambench="$build_dir/bin/cambench"
[[ -x "$camd" && -x "$cambench" ]] ||
  { echo "update-startup-order.sh: build camd and cambench in $build_dir first" >&2; exit 2; }

work="$(mktemp -d /tmp/cam-startup-order.XXXXXX)"
valgrind_pid=""
stop_camd() {
  if [[ -n "$valgrind_pid" ]]; then
    kill -TERM "$valgrind_pid" 2> /dev/null || true
    wait "$valgrind_pid" 2> /dev/null || true
    valgrind_pid=""
  fi
}
cleanup() { stop_camd; rm -rf "$work"; }
trap cleanup EXIT

# shellcheck source=scripts/lib/camd-under-callgrind.sh
source "$repo/scripts/lib/camd-under-callgrind.sh"

# Starts camd under callgrind, profiles to $work/$1.*, and lets it idle for two seconds after
# its ready line (timers, compaction threads).
start_camd() {
  start_camd_under_callgrind "$camd" "$work/data" "$work/$1" "$work/$1.log" --demangle=no
  sleep 2
}

# Prints the functions of camd's binary that a callgrind profile saw run, each once. Names
# are compressed in the profile: "fn=(12) name" the first time, "fn=(12)" after; objects alike.
functions_of_camd() {
  awk -v binary="/$(basename "$camd")" '
    function parse(line,   id, name) {
      id = line; sub(/^[a-z]+=\(/, "", id); sub(/\).*$/, "", id)
      name = line; if (!sub(/^[a-z]+=\([0-9]+\) /, "", name)) name = ""
      parsed_id = id; parsed_name = name
    }
    /^ob=/ { parse($0); if (parsed_name != "") object[parsed_id] = parsed_name; current = object[parsed_id]; next }
    /^cob=/ { parse($0); if (parsed_name != "") object[parsed_id] = parsed_name; next }
    /^c?fn=/ {
      parse($0); if (parsed_name != "") function_name[parsed_id] = parsed_name
      if ($0 ~ /^fn=/ && substr(current, length(current) - length(binary) + 1) == binary) print function_name[parsed_id]
    }' "$@"
}

start_camd fresh
callgrind_control --dump "$valgrind_pid" > /dev/null 2>&1
stop_camd
start_camd restart
callgrind_control --dump "$valgrind_pid" > /dev/null 2>&1
# shellcheck disable=SC1091
source "$work/data/env"
for op in write read; do
  "$cambench" --target camd --op "$op" --concurrency 4 --channels 1 --duration 3 \
    --value-size 256 --keys 1000 > /dev/null
done
stop_camd

# callgrind numbers the dumps asked for: fresh.1 and restart.1 hold start-up; the profile written
# at exit, restart, holds the calls.
{
  functions_of_camd "$work/fresh.1" "$work/restart.1"
  functions_of_camd "$work/restart"
} | awk '!seen[$0]++' > "$work/order"
[[ -s "$work/order" ]] || { echo "update-startup-order.sh: no functions found" >&2; exit 1; }
mv "$work/order" "$out"
echo "update-startup-order.sh: $(wc -l < "$out") functions in $out"
