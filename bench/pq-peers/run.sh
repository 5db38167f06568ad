#!/usr/bin/env bash
# bench/pq-peers/run.sh [--build-dir DIR] [--seconds S]: camd's ML-KEM-768 and ML-DSA-65
# (bench_pq --ops) beside @oqs/liboqs-js (liboqs as WebAssembly) and @noble/post-quantum, in one
# run on one machine, then the ratios. Installs the pinned npm packages on first use.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build_dir="$here/../../build"
seconds=1
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    *) echo "usage: $0 [--build-dir DIR] [--seconds S]" >&2; exit 2 ;;
  esac
done
[ -x "$build_dir/bin/bench_pq" ] || { echo "no $build_dir/bin/bench_pq; build the bench_pq target" >&2; exit 2; }
[ -d "$here/node_modules" ] || (cd "$here" && npm ci --no-audit --no-fund >/dev/null)

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
"$build_dir/bin/bench_pq" --ops --runs 2000 --sign-runs 1000 2>/dev/null | sed 's/^/camd./' >> "$out"
node "$here/peers.mjs" --seconds "$seconds" >> "$out"
cat "$out"
echo
printf '%-18s %12s %12s %12s %10s %10s\n' operation camd liboqs-js noble camd/oqs camd/noble
for op in mlkem768.keygen mlkem768.encaps mlkem768.decaps mldsa65.keygen mldsa65.sign mldsa65.verify; do
  get() { grep "^$1.$op " "$out" | sed 's/.*ops_per_s=//'; }
  c=$(get camd); o=$(get liboqs-js); n=$(get noble)
  printf '%-18s %12s %12s %12s %9.1fx %9.1fx\n' "$op" "$c" "$o" "$n" \
    "$(echo "$c / $o" | bc -l)" "$(echo "$c / $n" | bc -l)"
done
