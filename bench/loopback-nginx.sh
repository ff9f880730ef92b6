# Sourced by the benchmarks' run.sh: start_loopback_nginx WORK starts one nginx worker answering
# `200 ok` on a free loopback port, with its files in WORK (WORK/nginx.pid: kill it when done),
# and sets $port.
start_loopback_nginx() {
    local work=$1
    port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000000;
    server {
        listen 127.0.0.1:$port;
        location / { return 200 "ok\n"; }
    }
}
CONF
    nginx -c "$work/nginx.conf" -p "$work"
    sleep 0.5
}
