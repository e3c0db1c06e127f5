#!/bin/sh
# http::Server against hostile clients, the long attacks (the fast ones are the hostile-client
# tests in tests/server/): slowloris, an idle flood, huge uploads, 10,000 hang-ups. Prints the
# machine's load, then one table row per attack: attack | held or BROKE | figures.
#
#   cmake --workflow --preset release   # or any build; the figures in the report are Release
#   bench/hostile_clients.sh build/release/bench/hostile_bench
set -eu
bench=${1:?path to hostile_bench}
# 500 slow clients, 1000 idle ones, the benchmark's own client sockets: well over the usual 1024.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, descriptors allowed: $(ulimit -n)"
"$bench" all
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
