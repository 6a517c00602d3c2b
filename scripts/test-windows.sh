#!/usr/bin/env bash
# The Windows step of the tests (scripts/test.sh): the packed packages on
# Node.js for Windows under Wine, from flat installs of the tarballs
# (tools/windows, through scripts/wine.sh), and the step's time.
# OPENVITALE_SKIP_WINDOWS=1 skips it: its tests then count as skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
if [[ ${OPENVITALE_SKIP_WINDOWS:-0} == 1 ]]; then
  echo "windows: skipped (OPENVITALE_SKIP_WINDOWS=1)"
  pnpm --filter @openvitale-tools/windows test
else
  OPENVITALE_WINE=1 pnpm --filter @openvitale-tools/windows test
fi
status=$?
echo "windows: $((SECONDS - start)) s under Wine, exit $status"
exit "$status"
