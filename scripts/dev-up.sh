#!/usr/bin/env bash
# Installs what camd needs, builds it, starts camd on its embedded defaults (RocksDB, generated
# dev PKI) in the background, and makes a first authenticated call over gRPC and HTTPS.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset dev -DCAM_BUILD_TESTS=OFF -DCAM_BUILD_BENCH=OFF >/dev/null
cmake --build --preset dev -j "$(nproc)" --target camd camctl

data_dir="${CAM_DEV_DATA_DIR:-$PWD/.camd-dev}"
if [ -f "$data_dir/camd.pid" ] && kill -0 "$(cat "$data_dir/camd.pid")" 2>/dev/null; then
  echo "camd already running (pid $(cat "$data_dir/camd.pid"))"
else
  mkdir -p "$data_dir"
  nohup build/bin/camd --dev --data-dir "$data_dir" >"$data_dir/camd.out" 2>&1 &
  echo $! >"$data_dir/camd.pid"
  for _ in $(seq 1 100); do
    grep -q "camd ready" "$data_dir/camd.out" 2>/dev/null && break
    sleep 0.1
  done
  grep "camd ready" "$data_dir/camd.out" || { cat "$data_dir/camd.out"; exit 1; }
fi

# shellcheck disable=SC1091
. "$data_dir/env"
http_addr=$(sed -n 's/.*http=\([^ ]*\).*/\1/p' "$data_dir/camd.out" | tail -n 1)

echo "== first authenticated calls (operator certificate from the dev PKI)"
build/bin/camctl health
build/bin/camctl ns create demo >/dev/null 2>&1 || true
build/bin/camctl context put demo hello/world "hello from camctl"
build/bin/camctl context get demo hello/world
curl -sS --cacert "$CAM_CACERT" --cert "$CAM_CLIENT_CERT" --key "$CAM_CLIENT_KEY" \
  "https://$http_addr/v1/namespaces/demo/keys/hello/world"
echo
echo "camd is running (pid $(cat "$data_dir/camd.pid")); use it with: . $data_dir/env"
echo "stop it with: kill \$(cat $data_dir/camd.pid)"
