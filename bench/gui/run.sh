#!/usr/bin/env bash
# The GUI's responsiveness during a load run (issue 13): 1,000 requests a second for 60 s against
# nginx, started from the run view with its charts live, while a 5 ms timer on the GUI thread
# measures how late it fires (max stall under 50 ms, p99 under 16 ms); then aftershock-cli runs the
# same scenario file, and both runs' CPU time a request is compared.
# Usage: bench/gui/run.sh [BUILD_DIR]   BUILD_DIR: a Release build with gui_bench and aftershock-cli
#   (cmake --preset release && cmake --build --preset release --target gui_bench aftershock-cli)
# Environment: RPS (1000), DURATION (60 s), CLIENTS (10). Needs nginx-light; uses xvfb-run when present
# (a real X server), else the offscreen platform.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=${1:-build/release}
rps=${RPS:-1000}
seconds=${DURATION:-60}
clients=${CLIENTS:-10}
work=$(mktemp -d)
cleanup() {
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
# The CLI's run store goes to the throwaway folder, as the GUI bench's does.
export XDG_DATA_HOME="$work/data"

source bench/loopback-nginx.sh
start_loopback_nginx "$work"

if command -v xvfb-run >/dev/null; then
    display="xvfb-run -a -s '-screen 0 1920x1080x24'"
    platform=xcb
else
    display=""
    platform=offscreen
fi

echo "# GUI responsiveness benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "nginx: 1 worker, \`return 200\` on 127.0.0.1:$port; $rps req/s for ${seconds} s over $clients clients; Qt platform: $platform"
echo
echo "## The run view, charts live (gui_bench)"
QT_QPA_PLATFORM=$platform eval $display "$build/bench/gui/gui_bench" --url "http://127.0.0.1:$port/" --rps "$rps" \
    --seconds "$seconds" --clients "$clients" --scenario-out "$work/scenario.yaml"
echo
echo "## The same scenario from aftershock-cli"
/usr/bin/time -f "%U %S %e" -o "$work/cli-time" "$build/src/cli/aftershock-cli" scenario run \
    --scenario "$work/scenario.yaml" --results "$work/results.json" > "$work/cli.log" || true
read -r user system elapsed < "$work/cli-time"
/usr/bin/python3 - "$work/results.json" "$user" "$system" "$elapsed" "$rps" "$seconds" <<'PY'
import json, sys
path, user, system, elapsed, rps, seconds = sys.argv[1], *map(float, sys.argv[2:])
calls = json.load(open(path))["results"][0]["results"][0]["results"]
sent = sum(1 for call in calls if call.get("error_class") != "dropped")
cpu = user + system
print("| calls sent | of planned | CPU s | CPU us/request | wall s |\n|---|---|---|---|---|")
print(f"| {sent} | {100 * sent / (rps * seconds):.2f}% | {cpu:.2f} | {cpu * 1e6 / sent:.1f} | {elapsed:.1f} |")
PY
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
