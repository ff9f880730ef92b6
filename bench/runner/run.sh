#!/usr/bin/env bash
# The load strategy's benchmark against nginx on loopback, with wrk as the reference, in one run:
#   1. wrk's closed-loop rate with the given connections (and our generator's thread count);
#   2. our open-model rate at fixed targets from 10 to 2,000 req/s (achieved within 1%?);
#   3. the highest rate our generator sustains with the same connections;
#   4. a 300,000-call run of the whole runner (proxy, run store, results.json): peak memory;
#   5. a 10 s, 100 req/s run whose server takes 2 s a response from 3 s to 6 s: the rate offered
#      each second, with max_clients 300 (enough) and 40 (the default for 10 clients: drops).
# Usage: bench/runner/run.sh [BUILD_DIR]   BUILD_DIR: a Release build with runner_bench
#   (cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build/release --target runner_bench)
# Environment: CONNECTIONS (10), SECONDS_PER_STEP (10), CALLS (300000). Needs nginx-light and wrk.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=${1:-build/release}
bench="$build/bench/runner/runner_bench"
connections=${CONNECTIONS:-10}
seconds=${SECONDS_PER_STEP:-10}
calls=${CALLS:-300000}
threads=$(nproc)

work=$(mktemp -d)
cleanup() {
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

source bench/loopback-nginx.sh
start_loopback_nginx "$work"

echo "# Runner load benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "nginx: 1 worker, \`return 200\` on 127.0.0.1:$port; connections: $connections; client threads: $threads"
echo
echo "## wrk -t$threads -c$connections -d${seconds}s"
echo '```'
wrk -t"$threads" -c"$connections" -d"${seconds}s" "http://127.0.0.1:$port/"
echo '```'
echo
echo "## Fixed targets (runner_bench sweep)"
"$bench" sweep --port "$port" --connections "$connections" --seconds "$seconds" --rates 10,100,500,1000,2000 || true
echo
echo "## Highest sustained rate (runner_bench max)"
"$bench" max --port "$port" --connections "$connections" --seconds "$seconds"
echo
echo "## Memory of a $calls-call load run through the proxy (runner_bench memory)"
echo '```'
"$bench" memory --port "$port" --calls "$calls"
echo '```'
echo
echo "## A server that slows down (runner_bench slowdown)"
"$bench" slowdown --port "$port" --max-clients 300 || true
echo
"$bench" slowdown --port "$port" --max-clients 40 || true
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
