#!/usr/bin/env bash
# The README's first command, on a fresh Debian 12 / Ubuntu machine with
# Node 20: installs what is needed (system packages and pnpm, through
# scripts/install-system-deps.sh; root or sudo), the locked dependencies,
# builds, then reads the bundled synthetic card (no reader needed) as text
# and as the official XML.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

bash scripts/install-system-deps.sh
pnpm install --frozen-lockfile
pnpm build

openvitale() { node packages/cli/dist/bin.js "$@"; }

echo
echo "==> openvitale read --transport demo --format text"
openvitale read --transport demo --format text
echo
echo "==> openvitale read --transport demo --format xml"
openvitale read --transport demo --format xml
# The official profile is compact and ends without a line feed, as the official API writes it.
echo
