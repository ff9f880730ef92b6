#!/usr/bin/env bash
# The code index's speed (100,000 lines: first index < 10 s, unchanged < 1 s, retrieval < 50 ms).
# Usage: bench/advisor/run.sh [BUILD_DIR]   BUILD_DIR: a build with codeindex_bench; build/release
#   when it has one (cmake --preset release && cmake --build --preset release --target codeindex_bench),
#   else build/dev (a Debug build: slower, say so with the numbers).
# Environment: LINES (100000), RUNS (20).
set -euo pipefail
cd "$(dirname "$0")/../.."

build=${1:-}
if [ -z "$build" ]; then
    build=build/release
    [ -x "$build/bench/advisor/codeindex_bench" ] || build=build/dev
fi
bench="$build/bench/advisor/codeindex_bench"
if [ ! -x "$bench" ]; then
    echo "no $bench: build the codeindex_bench target first" >&2
    exit 1
fi
echo "build: $build ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt"))"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$bench" --lines "${LINES:-100000}" --runs "${RUNS:-20}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
