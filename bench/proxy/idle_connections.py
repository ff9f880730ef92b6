#!/usr/bin/python3
"""Memory per idle connection, for bench/proxy/run.sh.

Opens COUNT connections to a proxy, sends one request on each (so that the proxy also holds its
connection to the upstream), reads the response and keeps the connection open and idle. Prints
the resident memory of the given processes before and after, and the difference per connection.

usage: idle_connections.py PROXY_PORT ABSOLUTE_URL|PATH COUNT PID...
"""
import socket
import sys
import time


def resident_kib(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def main():
    port, target, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    pids = sys.argv[4:]
    request = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    time.sleep(0.5)
    before = resident_kib(pids)
    connections = []
    for _ in range(count):
        connection = socket.create_connection(("127.0.0.1", port))
        connection.sendall(request)
        connections.append(connection)
    for connection in connections:
        connection.settimeout(10)
        received = b""
        while b"\r\n\r\n" not in received:
            received += connection.recv(65536)
    time.sleep(1.0)
    after = resident_kib(pids)
    print(f"{count} idle connections: {before} KiB -> {after} KiB, "
          f"{(after - before) * 1024 / count:.0f} bytes a connection")
    for connection in connections:
        connection.close()


if __name__ == "__main__":
    main()
