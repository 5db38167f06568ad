#!/usr/bin/env bash
# Installs the npm packages of the independent-oracle test (tests/oracle: @noble/post-quantum and
# @noble/hashes, exact versions from package-lock.json). Idempotent: skips npm when node_modules
# already matches the lock file. Needs node >= 20.19 and npm.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
oracle="${root}/tests/oracle"
if ! command -v npm >/dev/null 2>&1; then
  echo "install-oracle.sh: npm is not installed (apt-get install nodejs npm, node >= 20.19)" >&2
  exit 1
fi
# npm writes node_modules/.package-lock.json on install; equal to the lock's packages means done.
if [[ -f "${oracle}/node_modules/.package-lock.json" ]] &&
   node -e '
     const fs = require("fs");
     const lock = JSON.parse(fs.readFileSync(process.argv[1])).packages;
     const have = JSON.parse(fs.readFileSync(process.argv[2])).packages;
     const want = Object.entries(lock).filter(([k]) => k !== "");
     process.exit(want.every(([k, v]) => have[k] && have[k].version === v.version) ? 0 : 1);
   ' "${oracle}/package-lock.json" "${oracle}/node_modules/.package-lock.json"; then
  echo "install-oracle.sh: tests/oracle/node_modules is up to date"
  exit 0
fi
npm ci --prefix "${oracle}" --no-audit --no-fund
