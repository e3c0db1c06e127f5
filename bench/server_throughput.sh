#!/bin/sh
# Throughput of a trivial handler through http::Server versus bare cpp-httplib, same run, same
# pool size, with wrk (Debian's). Usage: bench/server_throughput.sh build/release/bench/hangup_bench
set -eu
bench=${1:?path to hangup_bench}
duration=${DURATION:-5s}
port=$((18000 + $$ % 1000))
for mode in serve-bare serve-adapter; do
  port=$((port + 1))  # a fresh port each time: no TIME_WAIT left by the previous run
  "$bench" "$mode" "$port" &
  server=$!
  # Wait (bounded) until the server answers.
  tries=0
  until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
    tries=$((tries + 1)); [ "$tries" -lt 100 ] || { kill "$server"; exit 1; }; sleep 0.05
  done
  echo "== $mode"
  wrk -t2 -c50 -d"$duration" "http://127.0.0.1:$port/" | grep -E "Requests/sec|Latency"
  kill -TERM "$server"
  wait "$server" || true
done
