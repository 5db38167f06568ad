#!/usr/bin/env bash
# Runs the whole test suite: installs dependencies, builds the dev and asan (ASan+UBSan) presets,
# and runs ctest on both. Used by the README and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
if [ -f scripts/install-oracle.sh ]; then bash scripts/install-oracle.sh; fi

jobs=$(nproc)

# The dev and asan builds take about 9 GiB (14 before debug sections were compressed), and
# ccache up to 5 GiB more. A full disk shows up half-way through as a compiler's failed write;
# say so up front instead.
free_gib=$(( $(df -Pk . | awk 'NR == 2 {print $4}') / 1024 / 1024 ))
echo "== $free_gib GiB free for the builds"
if [ "$free_gib" -lt 10 ]; then
  echo "test.sh: warning: about 10 GiB are needed here for the dev and asan builds" >&2
fi

echo "== dev build"
cmake --preset dev
cmake --build --preset dev -j "$jobs"
echo "== dev tests"
ctest --preset dev -j "$jobs"

echo "== asan build (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake --preset asan
cmake --build --preset asan -j "$jobs"
echo "== asan tests"
# The valgrind constant-time check cannot run under ASan, and the npm oracle test exercises the
# same code as the dev run; both run in the dev pass above.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp" \
  ctest --preset asan -j "$jobs" -LE '^(ct|oracle)$'
