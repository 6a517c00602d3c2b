#!/usr/bin/env bash
# The project's test command (README, .ci/run): build, typecheck, lint, then
# every package's tests with a private pcscd + vpcd stack, the release dry
# run and the installs from the packed tarballs, the packages on Windows Node
# under Wine, and one closing line `vitest: N passed, N failed, N skipped`
# summed over all packages.
# Exits non-zero on any failure, or when no test ran.
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

# Stale reports (an earlier run, a restored cache) must not be counted.
rm -f packages/*/.vitest-report.json tools/*/.vitest-report.json

status=0
step() {
  echo "==> $*"
  "$@" || status=1
}
step pnpm build
step pnpm typecheck
step pnpm lint
# One package at a time: the real-stack tests share vpcd's two ports, and some restart pcscd.
step scripts/with-pcscd.sh pnpm test --continue --concurrency=1 \
  --filter='!@openvitale-tools/publish-check' --filter='!@openvitale-tools/windows'
# The release dry run and the installs from the tarballs, outside that namespace:
# npm needs the registry for third-party packages; its PC/SC read starts its own stack.
step env OPENVITALE_PUBLISH_CHECK=1 pnpm --filter @openvitale-tools/publish-check test
# Also outside it, for the same reason (OPENVITALE_SKIP_WINDOWS=1 skips it).
step scripts/test-windows.sh
node scripts/vitest-summary.mjs || status=1
exit "$status"
