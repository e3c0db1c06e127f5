#!/bin/sh
# The HTTP/2 server's figures, in one run (bench/README.md, "HTTP/2"):
#   1. RST_STREAM -> the handler's context done, beside an HTTP/1.1 full close (http2_bench);
#   2. a Rapid Reset flood of 100,000 streams, both ways it can be sent (http2_bench);
#   3. 10,000 streams over 4 connections (http2_bench);
#   4. the throughput of a trivial handler: h2load against http::Http2Server beside wrk against
#      http::Server, taking turns ROUNDS times, with what each server spends per request.
#
#   bench/http2_figures.sh build/release/bench/http2_bench build/release/bench/hangup_bench
#   ROUNDS=5 DURATION=5 CONNECTIONS=50 bench/http2_figures.sh ...
# Needs h2load and wrk (Debian's nghttp2-client and wrk).
set -eu
h2=${1:?path to http2_bench}
h1=${2:?path to hangup_bench}
for tool in h2load wrk curl; do
  command -v "$tool" >/dev/null || { echo "this needs $tool: sudo apt-get install nghttp2-client wrk curl" >&2; exit 1; }
done
rounds=${ROUNDS:-5}
duration=${DURATION:-5}
connections=${CONNECTIONS:-50}
port=$((22000 + $$ % 2000 * 5)) # below Linux's ephemeral ports (32768-)

# The CPU time, in clock ticks, that process $1 has used so far (user + system).
cpu_ticks() {
  sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# Starts "$@" in the background and waits, bounded, until it answers on port $port over HTTP/$1.
start_server() {
  protocol=$1
  shift
  "$@" &
  server=$!
  tries=0
  until if [ "$protocol" = 2 ]; then curl -s -o /dev/null --http2-prior-knowledge "http://127.0.0.1:$port/"; else curl -s -o /dev/null "http://127.0.0.1:$port/"; fi; do
    tries=$((tries + 1))
    [ "$tries" -lt 100 ] || { kill "$server"; exit 1; }
    sleep 0.05
  done
}

# Prints "requests/s server-CPU-us/request" for one server and its load generator.
measure() {
  protocol=$1
  before=$(cpu_ticks "$server")
  if [ "$protocol" = 2 ]; then
    report=$(h2load -c"$connections" -m1 -t2 -D"$duration" "http://127.0.0.1:$port/")
    requests=$(echo "$report" | awk '/^requests:/ { print $8 }')
    rate=$(echo "$report" | awk '/^finished in/ { sub(/,/, "", $4); print $4 }')
  else
    report=$(wrk -t2 -c"$connections" -d"${duration}s" "http://127.0.0.1:$port/")
    requests=$(echo "$report" | awk '/requests in/ { print $1 }')
    rate=$(echo "$report" | awk '/Requests\/sec/ { print $2 }')
  fi
  used=$(($(cpu_ticks "$server") - before))
  kill -TERM "$server"
  wait "$server" || true
  awk -v rate="$rate" -v requests="$requests" -v ticks="$used" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%s %.1f\n", rate, 1e6 * ticks / hz / requests }'
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$h2" latency 500
"$h2" rapid-reset 100000 4
"$h2" rapid-reset 100000 4 split
"$h2" streams 10000 4

echo "throughput: h2load -c$connections -m1 -t2 -D$duration against wrk -t2 -c$connections -d${duration}s, $rounds rounds"
round=1
while [ "$round" -le "$rounds" ]; do
  port=$((port + 2))
  start_server 2 "$h2" serve "$port"
  http2=$(measure 2)
  port=$((port + 1))
  start_server 1 "$h1" serve-adapter "$port"
  http1=$(measure 1)
  echo "$http2 $http1" | awk -v round="$round" '{
    printf "round %d: HTTP/2 %s req/s (%s us CPU/req), HTTP/1.1 %s req/s (%s us CPU/req), HTTP/2/HTTP/1.1 %.2f\n",
      round, $1, $2, $3, $4, $1 / $3 }'
  round=$((round + 1))
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
