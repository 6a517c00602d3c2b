#!/usr/bin/env bash
# Runs a command with its own PC/SC stack: pcscd with the vpcd virtual
# readers ("Virtual PCD 00 00" on TCP 35963, "Virtual PCD 00 01" on 35964),
# in a private mount + network namespace so that nothing else on the machine
# (another pcscd, another vpcd user) can clash with it. Stops pcscd by PID
# whatever happens.
#
#   scripts/with-pcscd.sh pnpm test
#
# OPENVITALE_NO_NAMESPACE=1 runs without the namespace, where `unshare` is not
# permitted: then no other pcscd may be running and ports 35963-35964 must be
# free. Needs root (pcscd and the namespace do).
#
# The command sees OPENVITALE_PCSCD=1, OPENVITALE_PCSCD_PID and
# OPENVITALE_PCSCD_LOG (tests that restart pcscd use them).
set -euo pipefail

if [[ -z "${OPENVITALE_IN_NAMESPACE:-}" && "${OPENVITALE_NO_NAMESPACE:-0}" != 1 ]]; then
  exec unshare --mount --net --propagation private env OPENVITALE_IN_NAMESPACE=1 "$0" "$@"
fi

if [[ -n "${OPENVITALE_IN_NAMESPACE:-}" ]]; then
  ip link set lo up
  mkdir -p /run/pcscd
  mount -t tmpfs tmpfs /run/pcscd
fi

if [[ -S /run/pcscd/pcscd.comm ]]; then
  echo "with-pcscd: a pcscd is already running here (/run/pcscd/pcscd.comm); stop it or use the namespace" >&2
  exit 1
fi

log=$(mktemp /tmp/openvitale-pcscd.XXXXXX.log)
pcscd --foreground --debug >"$log" 2>&1 &
pid=$!

stop_pcscd() {
  # The first pcscd, and any pcscd a test started in its place (its PID file).
  local pids=("$pid")
  [[ -f /run/pcscd/pcscd.pid ]] && pids+=("$(tr -dc 0-9 </run/pcscd/pcscd.pid)")
  kill "${pids[@]}" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
trap stop_pcscd EXIT

for _ in $(seq 1 200); do
  [[ -S /run/pcscd/pcscd.comm ]] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "with-pcscd: pcscd exited at start; its log:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.05
done
[[ -S /run/pcscd/pcscd.comm ]] || { echo "with-pcscd: pcscd not ready after 10 s (log: $log)" >&2; exit 1; }

export OPENVITALE_PCSCD=1 OPENVITALE_PCSCD_PID=$pid OPENVITALE_PCSCD_LOG=$log
set +e
"$@"
status=$?
set -e
exit "$status"
