#!/usr/bin/env bash
# Times a script of the repository on a clean clone of it, as CI runs it: each output line is
# stamped with the seconds since the start, and the last line is the total.
# usage: bench/build/time-clean-clone.sh CLONE_DIR LOG [SCRIPT]   (SCRIPT: ./scripts/test by default)
set -uo pipefail
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
clone=$1 log=$2 script=${3:-./scripts/test}
rm -rf "$clone"
git clone -q "$source_dir" "$clone"
cd "$clone" || exit 1
start=$(date +%s)
$script 2>&1 | while IFS= read -r line; do printf '%5d %s\n' $(($(date +%s) - start)) "$line"; done >"$log"
echo "total $(($(date +%s) - start))" >>"$log"
