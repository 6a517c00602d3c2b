#!/usr/bin/env bash
# PC/SC only, inside a private pcscd (scripts/with-pcscd.sh): inserts a
# virtual card into vpcd's first reader, then runs the consumer's program
# from its folder with node alone on the PATH.
#   pcsc-read.sh <virtual-card cli.js> <profile.json> <consumer folder> <program> <bare PATH folder>
set -euo pipefail
node "$1" --profile "$2" --vpcd-port 35963 >/dev/null &
card=$!
trap 'kill "$card" 2>/dev/null || true' EXIT
cd "$3"
PATH="$5" "$5/node" "$4"
