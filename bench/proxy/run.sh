#!/usr/bin/env bash
# The proxy benchmark: installs what it needs (Debian packages), builds the engine in Release,
# starts an nginx upstream serving a small static file and, in one run, measures on loopback:
#   - throughput with wrk (no faults): direct, nginx as a reverse proxy, our reverse mapping,
#     our forward proxy, tinyproxy (forward) and mitmproxy (forward);
#   - p99 latency at a paced 5,000 requests a second (wrk with a delay() script), and what each
#     proxy adds to the direct p99;
#   - memory per idle kept-alive connection.
# Prints a Markdown table. Usage: bench/proxy/run.sh [seconds a measurement, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
here=bench/proxy
build=build/proxy-bench

packages=(nginx-light wrk tinyproxy)
if apt-cache show mitmproxy >/dev/null 2>&1; then
    packages+=(mitmproxy)
fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo_prefix=()
    [ "$(id -u)" -ne 0 ] && sudo_prefix=(sudo)
    "${sudo_prefix[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_prefix[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DAFTERSHOCK_BUILD_GUI=OFF \
    -DAFTERSHOCK_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j 2 --target aftershock-proxy-bench >/dev/null

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

upstream=18080 nginx_proxy=18081 ours_reverse=18082 ours_forward=18083 tiny=18084 mitm=18085
mkdir -p "$work/www" "$work/nginx"
printf 'Hello from the benchmark upstream: a small static response.\n' >"$work/www/hello.txt"
# nginx's workers run as www-data: they must be able to read the file.
chmod 755 "$work" "$work/www"
chmod 644 "$work/www/hello.txt"
cat >"$work/nginx/upstream.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/upstream.pid;
error_log stderr error;
events { worker_connections 8192; }
http {
    access_log off;
    keepalive_requests 100000000;
    server { listen 127.0.0.1:$upstream; root $work/www; }
}
CONF
cat >"$work/nginx/proxy.conf" <<CONF
worker_processes 2;
daemon off;
pid $work/nginx/proxy.pid;
error_log stderr error;
events { worker_connections 8192; }
http {
    access_log off;
    keepalive_requests 100000000;
    upstream benchmark { server 127.0.0.1:$upstream; keepalive 128; keepalive_requests 100000000; }
    server {
        listen 127.0.0.1:$nginx_proxy;
        location / { proxy_pass http://benchmark; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
}
CONF
cat >"$work/tinyproxy.conf" <<CONF
Port $tiny
Listen 127.0.0.1
Timeout 600
MaxClients 2000
Allow 127.0.0.1
LogLevel Critical
DisableViaHeader Yes
CONF

nginx -p "$work/nginx" -c "$work/nginx/upstream.conf" -e stderr & pids+=($!)
nginx -p "$work/nginx" -c "$work/nginx/proxy.conf" -e stderr & pids+=($!)
"$build/bench/proxy/aftershock-proxy-bench" "$ours_forward" "http:127.0.0.1:$ours_reverse=127.0.0.1:$upstream" \
    >"$work/ours.log" & ours_pid=$!; pids+=($ours_pid)
tinyproxy -d -c "$work/tinyproxy.conf" >/dev/null 2>&1 & tiny_pid=$!; pids+=($tiny_pid)
have_mitm=no
if command -v mitmdump >/dev/null; then
    mitmdump -q --listen-host 127.0.0.1 --listen-port "$mitm" >/dev/null 2>&1 & mitm_pid=$!; pids+=($mitm_pid)
    have_mitm=yes
fi
sleep 3

file=/hello.txt
direct_url=http://127.0.0.1:$upstream$file

# CPU time (user + system, in clock ticks) the given processes have used so far.
cpu_ticks() {
    local total=0 pid
    for pid in "$@"; do
        [ -n "$pid" ] && total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
    done
    echo "$total"
}

# wrk's summary as "requests/s p99-ms cpu-µs-a-request" (the CPU the given processes spent on
# each request: a cost that the machine's other load does not change much).
measure() { # "pids" url [absolute target] [delay ms] [connections]
    local processes=$1 url=$2 target=${3:-} delay=${4:-0} connections=${5:-64} before
    # shellcheck disable=SC2086
    before=$(cpu_ticks $processes)
    TARGET=$target DELAY_MS=$delay wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/wrk-proxy.lua" "$url" |
        awk '/requests in/ { requests = $1 }
             /Requests\/sec/ { rate = $2 }
             /^ +99%/ { value = $2; unit = value; sub(/[0-9.]+/, "", unit); sub(/[a-z]+/, "", value);
                        factor = unit == "us" ? 0.001 : unit == "s" ? 1000 : 1; p99 = value * factor }
             END { printf "%.0f %.3f %d\n", rate, p99, requests }' | {
        read -r rate p99 requests
        # shellcheck disable=SC2086
        local used=$(($(cpu_ticks $processes) - before)) ticks_a_second
        ticks_a_second=$(getconf CLK_TCK)
        awk -v r="$rate" -v p="$p99" -v n="$requests" -v u="$used" -v hz="$ticks_a_second" \
            'BEGIN { printf "%s %s %.1f\n", r, p, (n > 0 ? u * 1e6 / hz / n : 0) }'
    }
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
declare -A rate p99 cpu paced_rate paced_p99
nginx_workers=$(pgrep -P "$(cat "$work/nginx/proxy.pid")" | tr '\n' ' ')
names=(direct nginx-reverse ours-reverse ours-forward tinyproxy-forward)
[ "$have_mitm" = yes ] && names+=(mitmproxy-forward)
# Each target's processes and wrk arguments.
target_of() {
    case $1 in
        direct) processes="" args=("$direct_url") ;;
        nginx-reverse) processes=$nginx_workers args=("http://127.0.0.1:$nginx_proxy$file") ;;
        ours-reverse) processes=$ours_pid args=("http://127.0.0.1:$ours_reverse$file") ;;
        ours-forward) processes=$ours_pid args=("http://127.0.0.1:$ours_forward" "$direct_url") ;;
        tinyproxy-forward) processes=$tiny_pid args=("http://127.0.0.1:$tiny" "$direct_url") ;;
        mitmproxy-forward) processes=$mitm_pid args=("http://127.0.0.1:$mitm" "$direct_url") ;;
    esac
}
for name in "${names[@]}"; do
    target_of "$name"
    read -r rate[$name] p99[$name] cpu[$name] < <(measure "$processes" "${args[@]}")
    echo "$name: throughput done" >&2
done
# The p99 of one paced run swings by milliseconds on a shared two-core machine, so the targets
# take turns over three rounds and each keeps its median: 55 connections, each waiting 10 ms
# after a response, a little over 5,000 requests a second.
declare -A paced_runs
for round in 1 2 3; do
    for name in "${names[@]}"; do
        target_of "$name"
        read -r run_rate run_p99 _ < <(measure "$processes" "${args[0]}" "${args[1]:-}" 10 55)
        paced_runs[$name]+="$run_rate $run_p99"$'\n'
    done
    echo "paced round $round done" >&2
done
for name in "${names[@]}"; do
    read -r paced_rate[$name] paced_p99[$name] < <(printf '%s' "${paced_runs[$name]}" | sort -k2 -n | sed -n 2p)
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

memory_ours=$(/usr/bin/python3 "$here/idle_connections.py" "$ours_forward" "$direct_url" 1000 "$ours_pid")
# shellcheck disable=SC2086
memory_nginx=$(/usr/bin/python3 "$here/idle_connections.py" "$nginx_proxy" "$file" 1000 $nginx_workers)
memory_tiny=$(/usr/bin/python3 "$here/idle_connections.py" "$tiny" "$direct_url" 1000 "$tiny_pid")

echo
echo "| target | throughput (req/s) | vs nginx reverse | p99 at full load (ms) | CPU a request (µs) | CPU vs nginx | paced rate (req/s) | p99 paced, median of 3 (ms) | p99 added vs direct (ms) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for name in "${names[@]}"; do
    awk -v n="$name" -v r="${rate[$name]}" -v base="${rate[nginx-reverse]}" -v p="${p99[$name]}" \
        -v c="${cpu[$name]}" -v cbase="${cpu[nginx-reverse]}" \
        -v pr="${paced_rate[$name]}" -v pp="${paced_p99[$name]}" -v pd="${paced_p99[direct]}" \
        'BEGIN { printf "| %s | %d | %.2f | %.3f | %.1f | %s | %d | %.3f | %+.3f |\n", n, r, r / base, p, c,
                 (c > 0 ? sprintf("%.2f", c / cbase) : "-"), pr, pp, pp - pd }'
done
echo
echo "Memory: ours (forward) $memory_ours"
echo "Memory: nginx reverse proxy workers $memory_nginx"
echo "Memory: tinyproxy $memory_tiny"
[ "$have_mitm" = yes ] || echo "mitmproxy: not in this system's Debian packages, not measured"
