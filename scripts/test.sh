#!/usr/bin/env bash
# Runs the whole test suite: installs dependencies, builds the dev and asan (ASan+UBSan) presets,
# and runs ctest on both. Used by the README and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
if [ -f scripts/install-oracle.sh ]; then bash scripts/install-oracle.sh; fi

jobs=$(nproc)

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
