#!/usr/bin/env bash
# run-peers.sh: camd against etcd 3.4 on this machine, in one run, with the same closed-loop
# load (cambench), so the ratio is honest on a noisy machine. Starts a Release camd (--dev, on
# loopback) and a TLS + client-cert + auth etcd (bench/peers/run-etcd.sh), then for write and
# read runs cambench R times per target, alternating which target goes first, and prints the
# medians, the camd/etcd ratios and camd's resident memory (VmRSS) idle after start and after
# the load. Reads need every key present: each target gets one preload pass (a separate,
# unmeasured cambench) before its first read run.
# Every run also reports CPU time (user + system) per operation: server_cpu_us of the server
# under test (camd's or etcd's process, from /proc/PID/stat) and client_cpu_us of cambench
# itself (bash's time keyword); the summary prints their medians, how many ops/s the cores of
# this machine (nproc) could carry at most given cambench's own CPU cost against camd, and how
# much CPU per call that leaves camd at the target rate.
#
# usage: bench/run-peers.sh [--build-dir DIR] [--duration S] [--runs R] [--concurrency N]
#                           [--channels C] [--value-size B] [--keys K] [--out FILE] [--keep]
#   defaults: --build-dir build --duration 10 --runs 3 --concurrency 50 --channels 4
#             --value-size 256 --keys 10000. --out copies the raw result lines (TSV, with the
#             columns server_cpu_us and client_cpu_us after the result line) to FILE.
#   Build first: cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCAM_BUILD_TESTS=OFF
#                cmake --build build --target camd cambench
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build_dir="build"
duration=10
warmup=1  # cambench's --warmup (its default), passed explicitly: the CPU figures depend on it
runs=3
concurrency=50
channels=4
value_size=256
keys=10000
out=""
keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) build_dir="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --channels) channels="$2"; shift 2 ;;
    --value-size) value_size="$2"; shift 2 ;;
    --keys) keys="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "run-peers.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

camd="$build_dir/bin/camd"
cambench="$build_dir/bin/cambench"
for bin in "$camd" "$cambench"; do
  [[ -x "$bin" ]] || { echo "run-peers.sh: $bin not built (see --help)" >&2; exit 1; }
done
if grep -q 'CMAKE_BUILD_TYPE:STRING=Release' "$build_dir/CMakeCache.txt" 2>/dev/null; then
  build_type=Release
else
  build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build_dir/CMakeCache.txt" 2>/dev/null || true)"
  echo "run-peers.sh: warning: $build_dir is not a Release build (${build_type:-unknown}); figures will be low" >&2
fi

work="$(mktemp -d /tmp/cambench-peers.XXXXXX)"
camd_pid=""
etcd_runner_pid=""
cleanup() {
  if [[ -n "$camd_pid" ]] && kill -0 "$camd_pid" 2>/dev/null; then kill -TERM "$camd_pid"; wait "$camd_pid" 2>/dev/null || true; fi
  if [[ -n "$etcd_runner_pid" ]] && kill -0 "$etcd_runner_pid" 2>/dev/null; then
    kill -TERM "$etcd_runner_pid"; wait "$etcd_runner_pid" 2>/dev/null || true
  fi
  if [[ "$keep" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
# cpu_ticks PID: CPU time (user + system, all threads) PID has used so far, in clock ticks:
# /proc/PID/stat fields 14 (utime) and 15 (stime). Field 2 (comm, in parentheses) may hold
# spaces, so the fields are split after its closing parenthesis (field 3 is then f[0]).
cpu_ticks() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  local -a f
  read -r -a f <<<"$stat"
  [[ "${f[11]:-}" =~ ^[0-9]+$ && "${f[12]:-}" =~ ^[0-9]+$ ]] || return 1
  echo $(( f[11] + f[12] ))
}
clk_tck="$(getconf CLK_TCK)"
cores="$(nproc)"

# --- camd ---
"$camd" --dev --data-dir "$work/camd" --grpc-addr 127.0.0.1:0 --http-addr 127.0.0.1:0 >"$work/camd.out" 2>&1 &
camd_pid=$!
for _ in $(seq 1 200); do
  grep -q '^camd ready' "$work/camd.out" 2>/dev/null && break
  kill -0 "$camd_pid" 2>/dev/null || { echo "run-peers.sh: camd exited:" >&2; cat "$work/camd.out" >&2; exit 1; }
  sleep 0.05
done
grep -q '^camd ready' "$work/camd.out" || { echo "run-peers.sh: camd did not start" >&2; exit 1; }
sleep 1
camd_rss_start_kb="$(rss_kb "$camd_pid")"
# shellcheck disable=SC1091
source "$work/camd/env"

# --- etcd ---
"$here/peers/run-etcd.sh" --env-file "$work/etcd.env" --data-root /tmp >"$work/etcd.out" 2>&1 &
etcd_runner_pid=$!
for _ in $(seq 1 300); do
  [[ -s "$work/etcd.env" ]] && grep -q '^etcd ready' "$work/etcd.out" && break
  kill -0 "$etcd_runner_pid" 2>/dev/null || { echo "run-peers.sh: etcd failed:" >&2; cat "$work/etcd.out" >&2; exit 1; }
  sleep 0.1
done
# shellcheck disable=SC1091
source "$work/etcd.env"

common=(--concurrency "$concurrency" --channels "$channels" --value-size "$value_size" --keys "$keys")
cambench_at() {  # cambench_at TARGET ARGS... : runs cambench against TARGET (camd: from its sourced env)
  local target="$1"; shift
  if [[ "$target" == camd ]]; then
    "$cambench" --target camd "$@"
  else
    "$cambench" --target etcd --addr "$ETCD_ADDR" --ca-cert "$ETCD_CACERT" --cert "$ETCD_CERT" \
      --key "$ETCD_KEY" "$@"
  fi
}
result_re='^ops_per_s=[0-9]+ p50_us=[0-9]+ p99_us=[0-9]+ p999_us=[0-9]+ errors=[0-9]+$'
preload() {  # preload TARGET : writes every key (for the read runs); prints nothing unless it fails
  local target="$1"
  local log="$work/preload-$target-$RANDOM.log"
  local status=0
  # A read run of 0.1 s with no warm-up after the preload: cambench has no preload-only mode.
  cambench_at "$target" --op read --preload=true --duration 0.1 --warmup 0 "${common[@]}" >"$log" 2>&1 || status=$?
  if [[ "$status" != 0 ]] || ! grep -qE "$result_re" "$log"; then
    echo "run-peers.sh: cambench $target preload failed (exit $status):" >&2; cat "$log" >&2; exit 1
  fi
}
# bench TARGET OP EXTRA... : prints "RESULT-LINE<TAB>SERVER_CPU_US<TAB>CLIENT_CPU_US". Runs in a
# command substitution, where set -e is off: every failure here exits explicitly.
bench() {
  local target="$1" op="$2"; shift 2
  local log="$work/bench-$target-$op-$RANDOM.log"
  local status=0 pid ticks_before ticks_after
  if [[ "$target" == camd ]]; then pid="$camd_pid"; else pid="$ETCD_PID"; fi
  ticks_before="$(cpu_ticks "$pid")" || { echo "run-peers.sh: cannot read /proc/$pid/stat ($target)" >&2; exit 1; }
  # bash's time keyword reports the user and system CPU seconds of cambench (a child of this
  # shell) on the group's stderr, the time file; cambench's own output goes to the log.
  local TIMEFORMAT='%3U %3S'
  { time cambench_at "$target" --op "$op" "${common[@]}" --duration "$duration" --warmup "$warmup" "$@" \
      >"$log" 2>&1; } 2>"$log.time" || status=$?
  ticks_after="$(cpu_ticks "$pid")" || { echo "run-peers.sh: cannot read /proc/$pid/stat ($target)" >&2; exit 1; }
  local line
  line="$(grep -E "$result_re" "$log" | tail -n 1)"
  if [[ -z "$line" ]]; then
    echo "run-peers.sh: cambench $target $op failed (exit $status):" >&2; cat "$log" >&2; exit 1
  fi
  # A result that was printed counts even if cambench then failed while exiting; say so.
  if [[ "$status" != 0 ]]; then echo "run-peers.sh: warning: cambench $target $op exited $status after its result" >&2; fi
  local user="" sys="" rest=""
  read -r user sys rest <"$log.time" || true
  user="${user//,/.}"; sys="${sys//,/.}"  # bash prints the locale's decimal point
  if ! [[ "$user" =~ ^[0-9]+(\.[0-9]+)?$ && "$sys" =~ ^[0-9]+(\.[0-9]+)?$ && -z "$rest" ]]; then
    echo "run-peers.sh: cannot read cambench's CPU time for $target $op:" >&2; cat "$log.time" >&2; exit 1
  fi
  # CPU per operation. ops_per_s counts only the measured window (--duration), but both CPU
  # times span the whole cambench run, warm-up included, so ops = ops_per_s * (duration +
  # warmup) covers the same span. This slightly under-estimates ops (the warm-up runs slower),
  # so it slightly over-states the CPU per operation; connecting and exiting (well under the
  # warm-up) are in the CPU times but not in ops either.
  local ops_per_s="${line#ops_per_s=}"
  ops_per_s="${ops_per_s%% *}"
  local cpu
  cpu="$(LC_ALL=C awk -v rate="$ops_per_s" -v duration="$duration" -v warmup="$warmup" \
    -v ticks="$(( ticks_after - ticks_before ))" -v hz="$clk_tck" -v user="$user" -v sys="$sys" 'BEGIN {
      ops = rate * (duration + warmup)
      if (ops <= 0) { print "nan\tnan"; exit }
      printf "%.0f\t%.0f\n", ticks / hz * 1e6 / ops, (user + sys) * 1e6 / ops }')" \
    || { echo "run-peers.sh: CPU per operation failed for $target $op" >&2; exit 1; }
  printf '%s\t%s\n' "$line" "$cpu"
}

echo "camd $(sed -n 's/^camd ready //p' "$work/camd.out")"
echo "$(head -1 "$work/etcd.out")"
echo "load: concurrency=$concurrency channels=$channels duration=${duration}s value_size=$value_size keys=$keys runs=$runs"
results="$work/results.tsv"
printf 'op\trun\ttarget\tline\tserver_cpu_us\tclient_cpu_us\n' >"$results"
for op in write read; do
  for run in $(seq 1 "$runs"); do
    if (( run % 2 == 1 )); then order=(camd etcd); else order=(etcd camd); fi
    for target in "${order[@]}"; do
      extra=()
      # Reads need every key present: a separate, unmeasured preload pass just before the first
      # read run of each target, so that no measured run (nor its CPU figures) includes it.
      if [[ "$op" == read ]]; then
        if [[ "$run" == 1 ]]; then preload "$target"; fi
        extra=(--preload=false)
      fi
      fields="$(bench "$target" "$op" "${extra[@]}")"
      IFS=$'\t' read -r line server_cpu client_cpu <<<"$fields"
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$op" "$run" "$target" "$line" "$server_cpu" "$client_cpu" >>"$results"
      printf '  %-5s run %d %-4s %s server_cpu_us=%s client_cpu_us=%s\n' "$op" "$run" "$target" "$line" "$server_cpu" "$client_cpu"
    done
  done
done
sleep 2
camd_rss_after_kb="$(rss_kb "$camd_pid")"
camd_hwm_kb="$(hwm_kb "$camd_pid")"
etcd_rss_after_kb="$(rss_kb "$ETCD_PID")"

python3 - "$results" "$camd_rss_start_kb" "$camd_rss_after_kb" "$camd_hwm_kb" "$etcd_rss_after_kb" "$cores" <<'PY'
import math, statistics, sys
path, rss_start, rss_after, hwm, etcd_rss, cores = sys.argv[1], *map(int, sys.argv[2:])
rows = {}
for line in open(path).read().splitlines()[1:]:
    op, run, target, text, server_cpu, client_cpu = line.split("\t")
    fields = dict(kv.split("=") for kv in text.split())
    fields.update(server_cpu_us=server_cpu, client_cpu_us=client_cpu)
    rows.setdefault((op, target), []).append({k: float(v) for k, v in fields.items()})
def med(op, target, key):
    return statistics.median(r[key] for r in rows[(op, target)])
print()
print(f"{'op':6} {'target':6} {'ops/s (median)':>15} {'p50 us':>8} {'p99 us':>8} {'p99.9 us':>9} {'errors':>7}  ops/s per run")
for op in ("write", "read"):
    for target in ("camd", "etcd"):
        runs = " ".join(f"{r['ops_per_s']:.0f}" for r in rows[(op, target)])
        errors = sum(r["errors"] for r in rows[(op, target)])
        print(f"{op:6} {target:6} {med(op, target, 'ops_per_s'):15.0f} {med(op, target, 'p50_us'):8.0f} "
              f"{med(op, target, 'p99_us'):8.0f} {med(op, target, 'p999_us'):9.0f} {errors:7.0f}  {runs}")
print()
targets = {"write": 3.0, "read": 4.0}
for op in ("write", "read"):
    tput = med(op, "camd", "ops_per_s") / max(med(op, "etcd", "ops_per_s"), 1e-9)
    p99 = med(op, "camd", "p99_us") / max(med(op, "etcd", "p99_us"), 1e-9)
    per_run = [c["ops_per_s"] / max(e["ops_per_s"], 1e-9) for c, e in zip(rows[(op, "camd")], rows[(op, "etcd")])]
    print(f"{op}: camd/etcd throughput {tput:.2f}x (target >= {targets[op]:.0f}x: {'met' if tput >= targets[op] else 'MISSED'}); "
          f"per run {' '.join(f'{x:.2f}' for x in per_run)}; "
          f"camd p99 / etcd p99 = {p99:.3f} (target < 0.1: {'met' if p99 < 0.1 else 'MISSED'})")
print(f"camd VmRSS: idle after start {rss_start/1024:.1f} MiB (target < 25: {'met' if rss_start < 25*1024 else 'MISSED'}), "
      f"after the runs {rss_after/1024:.1f} MiB, peak (VmHWM) {hwm/1024:.1f} MiB; etcd VmRSS after the runs {etcd_rss/1024:.1f} MiB")
# CPU time (user + system) per operation: server = the process under test, client = cambench.
# A run whose figure is nan (no operations) is left out of the medians.
def cpu_med(values):
    values = [v for v in values if not math.isnan(v)]
    return statistics.median(values) if values else math.nan
print()
print(f"{'op':6} {'target':6} {'server us/op':>13} {'client us/op':>13}  server/client per run  (CPU user+sys per op, medians; client = cambench)")
for op in ("write", "read"):
    for target in ("camd", "etcd"):
        rs = rows[(op, target)]
        runs = " ".join(f"{r['server_cpu_us']:.0f}/{r['client_cpu_us']:.0f}" for r in rs)
        print(f"{op:6} {target:6} {cpu_med(r['server_cpu_us'] for r in rs):13.0f} "
              f"{cpu_med(r['client_cpu_us'] for r in rs):13.0f}  {runs}")
# The driver shares the cores: at the target rate, what it needs itself is what camd cannot use.
for op in ("write", "read"):
    client = cpu_med(r["client_cpu_us"] for r in rows[(op, "camd")])
    server = cpu_med(r["server_cpu_us"] for r in rows[(op, "camd")])
    if not client > 0:
        print(f"{op}: no CPU figures for cambench against camd")
        continue
    wanted = targets[op] * med(op, "etcd", "ops_per_s")
    room = (cores * 1e6 - wanted * client) / wanted if wanted > 0 else math.nan
    print(f"{op}: against camd cambench needs {client:.0f} us/op, so {cores} cores carry at most "
          f"{cores * 1e6 / client:.0f} ops/s even with a free server; at {targets[op]:.0f}x etcd "
          f"({wanted:.0f} ops/s) camd could use {room:.0f} us/op (it used {server:.0f})")
PY
if [[ -n "$out" ]]; then cp "$results" "$out"; fi
