#!/usr/bin/env bash
# Installs what the build and the tests need on Debian 12 / Ubuntu, as root
# (or through sudo): the PC/SC stack with its virtual readers, XML Schema
# validation, C compilers (gcc for tools/galss-mock, the PC/SC layout probe
# and packages/apilec; mingw-w64 for apilec's Windows DLLs, which every build
# makes), Python (apilec's ctypes example), what the documented examples call
# (jq, curl, chromium), Wine (the Windows step), and the pinned pnpm. Safe to
# run again. Using OpenVitale needs none of the build tools: only libpcsclite1
# and pcscd.
set -euo pipefail

APT_PACKAGES=(
  pcscd vsmartcard-vpcd pcsc-tools opensc
  # Only for packages/transport-pcsc/test/layout: the probe compiles against pcsc-lite's headers.
  libpcsclite-dev
  libxml2-utils build-essential iproute2 util-linux jq curl
  # packages/apilec: its Windows DLLs, and the ctypes example its tests run.
  gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 python3
  chromium
)
# The Windows step (scripts/test-windows.sh): Wine for 64- and 32-bit Windows
# programs; OPENVITALE_SKIP_WINDOWS=1 leaves them out (mingw-w64 stays: the build needs it).
WINDOWS_PACKAGES=(wine64 wine32:i386)
PNPM_VERSION=10.34.9

sudo_if_needed() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

if [[ ${OPENVITALE_SKIP_WINDOWS:-0} != 1 ]]; then
  APT_PACKAGES+=("${WINDOWS_PACKAGES[@]}")
  # wine32 is an i386 package: dpkg must know that architecture (the apt-get update below reads its lists).
  dpkg --print-foreign-architectures | grep -qx i386 || sudo_if_needed dpkg --add-architecture i386
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "install-system-deps: apt-get install ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]]; then
  echo "install-system-deps: npm install -g pnpm@$PNPM_VERSION"
  sudo_if_needed npm install -g --silent "pnpm@$PNPM_VERSION"
fi
