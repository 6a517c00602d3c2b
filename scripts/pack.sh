#!/usr/bin/env bash
# Packs every published package (packages/*) into one folder, as the registry
# would receive them (workspace ranges replaced by versions), and prints the
# tarballs' paths, one per line. The one place that makes tarballs: installs
# from tarballs (selective profiles, Windows under Wine, the no-compiler proof)
# all start here.
#   scripts/pack.sh [DEST]     DEST defaults to a new temporary folder
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-$(mktemp -d -t openvitale-pack.XXXXXX)}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
pnpm build >&2
rm -f "$dest"/openvitale-*.tgz
pnpm -r --filter './packages/*' pack --pack-destination "$dest" >&2
ls "$dest"/openvitale-*.tgz
