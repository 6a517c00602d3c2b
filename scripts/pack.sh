#!/usr/bin/env bash
# Packs every published package (packages/*) into one folder, as the registry
# would receive them (workspace ranges replaced by versions), and prints the
# tarballs' paths, one per line. The one place that makes tarballs: installs
# from tarballs (selective profiles, Windows under Wine, the no-compiler proof)
# all start here.
#   scripts/pack.sh [--built] [DEST]   DEST defaults to a new temporary folder;
#                                      --built: dist/ is known to be current, skip `pnpm build`
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
if [[ "${1:-}" == --built ]]; then
  build=0
  shift
fi
dest=${1:-$(mktemp -d -t openvitale-pack.XXXXXX)}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
((build)) && pnpm build >&2
rm -f "$dest"/openvitale-*.tgz
pnpm -r --filter './packages/*' pack --pack-destination "$dest" >&2
ls "$dest"/openvitale-*.tgz
