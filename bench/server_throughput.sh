#!/bin/sh
# Throughput of a trivial handler through http::Server versus bare cpp-httplib, with wrk (Debian's).
# Both servers run in the same process image with the same pool size and TCP_NODELAY, so only the
# adapter differs. They take turns, ROUNDS times, so that a change in the machine's load hits
# both alike; the script prints each round and the median of the rounds.
#
#   bench/server_throughput.sh build/release/bench/hangup_bench
#   ROUNDS=7 DURATION=5s CONNECTIONS=50 REQUESTS_PER_CONNECTION=5 bench/server_throughput.sh ...
# REQUESTS_PER_CONNECTION (default 100, the adapter's default) is how many requests both servers
# answer on a keep-alive connection before closing it; 5 is cpp-httplib's own default.
set -eu
bench=${1:?path to hangup_bench}
command -v wrk >/dev/null || { echo "this needs wrk: sudo apt-get install wrk" >&2; exit 1; }
rounds=${ROUNDS:-5}
duration=${DURATION:-5s}
connections=${CONNECTIONS:-50}
requests_per_connection=${REQUESTS_PER_CONNECTION:-100}
port=$((20000 + $$ % 2000 * 5)) # below Linux's ephemeral ports (32768-)
results=$(mktemp)
trap 'rm -f "$results"' EXIT

# The CPU time, in clock ticks, that process $1 has used so far (user + system).
cpu_ticks() {
  # The fields after the command name, which is in parentheses and may hold spaces.
  sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# Prints "requests/s  server-CPU-µs/request" that wrk measured against `hangup_bench $1` on
# port $2. Under a loaded machine the first number says as much about the scheduler as about the
# server; the second, what the server spends on each request, hardly depends on the load.
measure() {
  port=$2
  "$bench" "$1" "$port" "$requests_per_connection" &
  server=$!
  tries=0 # wait, bounded, until the server answers
  until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
    tries=$((tries + 1))
    [ "$tries" -lt 100 ] || { kill "$server"; exit 1; }
    sleep 0.05
  done
  before=$(cpu_ticks "$server")
  report=$(wrk -t2 -c"$connections" -d"$duration" "http://127.0.0.1:$port/")
  used=$(($(cpu_ticks "$server") - before))
  echo "$report" | awk -v ticks="$used" -v hz="$(getconf CLK_TCK)" '
    /requests in/ { requests = $1 }
    /Requests\/sec/ { rate = $2 }
    END { printf "%s %.1f\n", rate, 1e6 * ticks / hz / requests }'
  kill -TERM "$server"
  wait "$server" || true
}

echo "wrk -t2 -c$connections -d$duration, $requests_per_connection requests per connection"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
round=1
while [ "$round" -le "$rounds" ]; do
  # A fresh port for each server: no TIME_WAIT left by the previous one.
  bare=$(measure serve-bare $((port + 2 * round)))
  adapter=$(measure serve-adapter $((port + 2 * round + 1)))
  echo "$bare $adapter" | awk -v round="$round" '{
    printf "round %d: bare %s req/s (%s us CPU/req), adapter %s req/s (%s us CPU/req), adapter/bare %.1f %%\n",
      round, $1, $2, $3, $4, 100 * $3 / $1
    printf "%s %s %s %s %.1f\n", $1, $2, $3, $4, 100 * $3 / $1 >> "'"$results"'" }'
  round=$((round + 1))
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# The median of each column (the rounds are few, so sort them all).
for column in 1 2 3 4 5; do
  sort -n -k"$column","$column" "$results" | awk -v c="$column" '{ v[NR] = $c }
    END { printf "%s ", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
done | awk -v rounds="$rounds" '{ printf "median of %d rounds: bare %s req/s (%s us CPU/req), adapter %s req/s (%s us CPU/req), adapter/bare %s %%\n", rounds, $1, $2, $3, $4, $5 }'
