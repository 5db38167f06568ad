# shellcheck shell=bash
# Sourced by the scripts that profile camd with valgrind's callgrind
# (bench/instructions-per-call.sh, scripts/update-startup-order.sh).
#
# start_camd_under_callgrind CAMD DATA_DIR PROFILE LOG [VALGRIND_OPTION...]
#   Starts `CAMD --dev --data-dir DATA_DIR` on loopback ports under callgrind, writing its
#   profile to PROFILE (dumps to PROFILE.N) and its output to LOG, sets valgrind_pid, and
#   waits up to two minutes for its ready line. On failure it prints the log and exits.
start_camd_under_callgrind() {
  local camd="$1" data_dir="$2" profile="$3" log="$4"
  shift 4
  valgrind --tool=callgrind "$@" --callgrind-out-file="$profile" \
    "$camd" --dev --data-dir "$data_dir" --grpc-addr 127.0.0.1:0 --http-addr 127.0.0.1:0 \
    > "$log" 2>&1 &
  valgrind_pid=$!
  for _ in $(seq 600); do
    grep -q "camd ready" "$log" && return 0
    kill -0 "$valgrind_pid" 2> /dev/null || break
    sleep 0.2
  done
  cat "$log" >&2
  echo "camd did not start under callgrind" >&2
  exit 1
}
