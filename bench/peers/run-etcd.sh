#!/usr/bin/env bash
# run-etcd.sh: start a throwaway single-node etcd 3.4 (Debian's etcd-server, /usr/bin/etcd) on
# loopback for cambench's peer comparison, configured like a real deployment of the same trust
# level as camd: TLS with client certificates (--client-cert-auth) and auth enabled, where the
# client certificate's CN (root) is the etcd user. Durability is etcd's default (the WAL is
# fsync'd on every commit), as camd's writes are.
#
# usage: bench/peers/run-etcd.sh [--env-file FILE] [--data-root DIR] [-- COMMAND ARGS...]
#   Writes FILE (default: <tmpdir>/env) exporting ETCD_ADDR, ETCD_CACERT, ETCD_CERT, ETCD_KEY,
#   ETCD_PID. With a COMMAND, runs it with those variables set and stops etcd when it ends
#   (exit status: the command's). Without, prints the settings and runs until SIGINT/SIGTERM.
#   Everything (certificates, data) lives in a fresh directory under DIR (default /tmp), removed
#   on exit.
set -euo pipefail

env_file=""
data_root="/tmp"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --env-file) env_file="$2"; shift 2 ;;
    --data-root) data_root="$2"; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "run-etcd.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

ETCD_BIN="${ETCD_BIN:-/usr/bin/etcd}"
ETCDCTL_BIN="${ETCDCTL_BIN:-/usr/bin/etcdctl}"
for tool in "$ETCD_BIN" "$ETCDCTL_BIN" openssl python3; do
  command -v "$tool" >/dev/null || { echo "run-etcd.sh: $tool not found (apt-get install etcd-server etcd-client)" >&2; exit 1; }
done

dir="$(mktemp -d "${data_root%/}/cambench-etcd.XXXXXX")"
etcd_pid=""
cleanup() {
  if [[ -n "$etcd_pid" ]] && kill -0 "$etcd_pid" 2>/dev/null; then
    kill -TERM "$etcd_pid" 2>/dev/null || true
    wait "$etcd_pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# --- PKI: ECDSA P-256 everywhere, as camd's dev PKI, so both servers pay the same TLS cost. ---
pki="$dir/pki"
mkdir -m 700 "$pki"
(
  cd "$pki"
  openssl ecparam -name prime256v1 -genkey -noout -out ca.key 2>/dev/null
  openssl req -x509 -new -key ca.key -sha256 -days 2 -subj "/CN=cambench etcd CA" -out ca.pem \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  issue() {  # issue NAME CN EXTFILE-LINES
    local name="$1" cn="$2" ext="$3"
    openssl ecparam -name prime256v1 -genkey -noout -out "$name.key" 2>/dev/null
    openssl req -new -key "$name.key" -subj "/CN=$cn" -out "$name.csr" 2>/dev/null
    printf '%b\n' "$ext" > "$name.ext"
    openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -sha256 \
      -extfile "$name.ext" -out "$name.pem" 2>/dev/null
  }
  issue server "localhost" "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost"
  # CN=root: with --client-cert-auth and auth on, etcd authenticates this client as user root.
  issue client "root" "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth"
  # CN=stranger is no etcd user: used once below to prove that auth is really on.
  issue stranger "stranger" "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth"
  chmod 600 ./*.key
)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
client_port="$(free_port)"
peer_port="$(free_port)"
while [[ "$peer_port" == "$client_port" ]]; do peer_port="$(free_port)"; done
addr="127.0.0.1:$client_port"

"$ETCD_BIN" --name cambench --data-dir "$dir/data" \
  --listen-client-urls "https://$addr" --advertise-client-urls "https://$addr" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "cambench=http://127.0.0.1:$peer_port" --initial-cluster-state new \
  --client-cert-auth --trusted-ca-file "$pki/ca.pem" --cert-file "$pki/server.pem" --key-file "$pki/server.key" \
  --logger zap --log-level warn >"$dir/etcd.log" 2>&1 &
etcd_pid=$!

ctl() {
  ETCDCTL_API=3 "$ETCDCTL_BIN" --endpoints "https://$addr" --cacert "$pki/ca.pem" \
    --cert "$pki/client.pem" --key "$pki/client.key" --command-timeout 5s "$@"
}
for _ in $(seq 1 100); do
  if ctl endpoint health >/dev/null 2>&1; then break; fi
  if ! kill -0 "$etcd_pid" 2>/dev/null; then echo "run-etcd.sh: etcd exited:" >&2; cat "$dir/etcd.log" >&2; exit 1; fi
  sleep 0.1
done
ctl endpoint health >/dev/null 2>&1 || { echo "run-etcd.sh: etcd did not become healthy" >&2; cat "$dir/etcd.log" >&2; exit 1; }

# Auth on. The password is random and unused: clients authenticate by certificate CN.
password="$(openssl rand -hex 16)"
ctl user add root --new-user-password="$password" >/dev/null
ctl user grant-role root root >/dev/null
ctl auth enable >/dev/null
# Prove that auth is on: the root certificate alone may write, a valid certificate of an
# unknown user may not read.
ctl put cambench/probe ok >/dev/null
if ETCDCTL_API=3 "$ETCDCTL_BIN" --endpoints "https://$addr" --cacert "$pki/ca.pem" --cert "$pki/stranger.pem" \
    --key "$pki/stranger.key" --command-timeout 5s get cambench/probe >/dev/null 2>&1; then
  echo "run-etcd.sh: auth is not enforced (an unknown user could read)" >&2; exit 1
fi

env_file="${env_file:-$dir/env}"
cat >"$env_file" <<ENV
# etcd for cambench (source this file); stops when run-etcd.sh exits
export ETCD_ADDR=$addr
export ETCD_CACERT=$pki/ca.pem
export ETCD_CERT=$pki/client.pem
export ETCD_KEY=$pki/client.key
export ETCD_PID=$etcd_pid
export ETCD_DATA_DIR=$dir/data
ENV

echo "etcd ready addr=$addr pid=$etcd_pid version=$("$ETCD_BIN" --version | head -1 | awk '{print $3}') env=$env_file"
if [[ $# -gt 0 ]]; then
  set +e
  ETCD_ADDR="$addr" ETCD_CACERT="$pki/ca.pem" ETCD_CERT="$pki/client.pem" ETCD_KEY="$pki/client.key" \
    ETCD_PID="$etcd_pid" "$@"
  status=$?
  exit "$status"
fi
echo "  cambench --target etcd --addr $addr --ca-cert $pki/ca.pem --cert $pki/client.pem --key $pki/client.key"
echo "  (Ctrl-C stops etcd and removes $dir)"
wait "$etcd_pid"
