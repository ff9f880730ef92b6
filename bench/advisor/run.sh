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
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bench" --lines "${LINES:-100000}" --runs "${RUNS:-20}" --keep "$work"

# Peers on the same tree, in the same run: what SQLite alone, a scan and a hash take, as floors.
# sqlite3's own fsdir() and readfile() load every file whole into FTS5 (no chunking, no masking,
# no .gitignore); sha1sum reads and hashes every file (what an unchanged update must at least do);
# grep scans the tree for the retrieval's words (what an index saves).
tree="$work/src"
median_ms() { # COMMAND...: the median of 5 runs, in milliseconds
    local times=()
    for _ in 1 2 3 4 5; do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        times+=($(((end - start) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}
peer_db="$work/peer.sqlite"
load_peer() {
    rm -f "$peer_db"
    sqlite3 "$peer_db" "CREATE VIRTUAL TABLE chunks USING fts5(path, body);
        INSERT INTO chunks SELECT name, readfile(name) FROM fsdir('$tree') WHERE mode & 0x8000;"
}
query='"create" OR "order" OR "orders" OR "latency" OR "timeout"'
echo "| peer on the same tree | median of 5 [ms] |"
echo "|---|---:|"
echo "| sqlite3 CLI: every file whole into FTS5 (floor of the first index) | $(median_ms load_peer) |"
echo "| find + sha1sum of every file (floor of an unchanged update) | $(median_ms bash -c "find '$tree' -type f -print0 | xargs -0 sha1sum") |"
echo "| sqlite3 CLI: one bm25 query, limit 12, process start included | $(median_ms sqlite3 "$peer_db" "SELECT path FROM chunks WHERE chunks MATCH '$query' ORDER BY bm25(chunks) LIMIT 12;") |"
echo "| sqlite3 CLI: the same query on our index (4,480 chunks, our bm25 weights) | $(median_ms sqlite3 "$work/index.sqlite" "SELECT path FROM chunks WHERE chunks MATCH '$query' ORDER BY bm25(chunks, 2.0, 0.0, 5.0, 2.0, 1.0, 0.0, 0.0, 0.0) LIMIT 12;") |"
echo "| grep -rIl over the tree for the same words (no index) | $(median_ms grep -rIl -E 'create|order|latency|timeout' "$tree") |"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
