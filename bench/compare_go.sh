#!/usr/bin/env bash
# The context library beside Go's own context package, measured in one run on one machine.
#
#   bench/compare_go.sh [ROUNDS]          # default 3 rounds
#   BENCHTIME=1 bench/compare_go.sh       # seconds per benchmark on each side (default 0.5)
#   GO=/path/to/go bench/compare_go.sh    # another Go than the one found below
#   BASELINE=/tmp/context_bench.old bench/compare_go.sh   # also an older build, in the same rounds
#   ONLY="CommonParentCancel|WithTimeout" bench/compare_go.sh   # some top-level benchmarks only
#
# Runs build/release/bench/context_bench (built here if missing) and Go's benchmarks from
# $GOROOT/src/context/benchmark_test.go one after the other, C++ then Go, ROUNDS times over, so
# that both halves see the same load; then matches the results by name and prints, for each
# benchmark both sides have, the median time per op of each side and their ratio (C++ / Go:
# below 1, C++ is faster). "worst" is the highest ratio of a single round. The load average is
# printed before and after: on a shared machine only ratios from one run mean anything.
# When no Go is found it says how to get one and runs the C++ half alone.
#
# Never part of `./kit test` or CI: it measures, it asserts nothing, and it takes minutes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-3}"
BENCHTIME="${BENCHTIME:-0.5}"
BUILD="$ROOT/build/release"
CPP_BENCH="$BUILD/bench/context_bench"

# The benchmarks both files have, in Go's names. Go's DeepValueNewGoRoutine (a goroutine per op)
# and WithTimeout/concurrency=400000 have no C++ twin.
GO_FILTER='^Benchmark(CommonParentCancel|WithTimeout|CancelTree|CheckCanceled|ContextCancelDone|DeepValueSameGoRoutine|WithValue)$'
GO_SKIP='^BenchmarkWithTimeout$/^concurrency=400000$'
CPP_FILTER=-WakeLatency  # not in Go's file
if [[ -n "${ONLY:-}" ]]; then
  GO_FILTER="^Benchmark($ONLY)\$"
  CPP_FILTER="^($ONLY)(/|\$)"
fi

find_go() {
  if [[ -n "${GO:-}" ]]; then command -v "$GO" || echo "no Go at GO=$GO" >&2; return 0; fi
  if command -v go >/dev/null; then command -v go; return; fi
  local candidate
  for candidate in /usr/lib/go-1.2[3-9]/bin/go /usr/lib/go-1.[3-9]*/bin/go /usr/local/go/bin/go; do
    [[ -x "$candidate" ]] && { echo "$candidate"; return; }
  done
  return 0
}

how_to_get_go() {
  cat >&2 <<'EOF'
No Go toolchain found: running the C++ half alone. On Debian 12, Go 1.23 comes from the
bookworm-backports suite; this installs it through a private source list and package cache,
leaving the machine's own apt sources as they are (as root):

  mkdir -p /var/tmp/go-apt/lists/partial /var/tmp/go-apt/cache/archives/partial
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian %s main\n' \
      bookworm bookworm-backports > /var/tmp/go-apt/backports.list
  APT_OPTS="-o Dir::Etc::sourcelist=/var/tmp/go-apt/backports.list -o Dir::Etc::sourceparts=-
            -o Dir::State::Lists=/var/tmp/go-apt/lists -o Dir::Cache=/var/tmp/go-apt/cache"
  apt-get $APT_OPTS update
  apt-get $APT_OPTS install -y --no-install-recommends -t bookworm-backports golang-1.23-go

Go lands in /usr/lib/go-1.23/bin/go, where this script looks; GO=/path/to/go names another.
EOF
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

if [[ ! -x "$CPP_BENCH" ]]; then
  echo "building context_bench (Release) in $BUILD..." >&2
  (cd "$ROOT" && cmake --preset release >/dev/null && cmake --build --preset release --target context_bench >/dev/null)
fi

WORK="$(mktemp -d /tmp/compare-go.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

GO_BIN="$(find_go)"
if [[ -n "$GO_BIN" ]]; then
  # The test binary is compiled once, before the first round, so that no round pays for it.
  export GOCACHE="${GOCACHE:-$WORK/gocache}" GOFLAGS="" GOTOOLCHAIN=local
  echo "compiling Go's context benchmarks with $("$GO_BIN" version)..." >&2
  "$GO_BIN" test -c -o "$WORK/context.test" context
else
  how_to_get_go
fi

# Each round appends "side round name ns" lines to $WORK/results, one per benchmark.
run_cpp() {  # side round binary
  "$3" --benchmark_filter="$CPP_FILTER" --benchmark_min_time="$BENCHTIME" --benchmark_format=csv 2>/dev/null |
    awk -F, -v side="$1" -v round="$2" '
      /^"/ {
        name = $1; gsub(/"/, "", name)
        sub(/\/real_time/, "", name); sub(/\/threads:[0-9]+/, "", name)
        sub(/^DeepValueSameThread/, "DeepValueSameGoRoutine", name)
        if ($5 != "ns") next            # every context benchmark reports ns
        print side, round, name, $3
      }'
}
run_go() {
  (cd "$WORK" && ./context.test -test.run '^$' -test.bench "$GO_FILTER" -test.skip "$GO_SKIP" \
    -test.benchtime "${BENCHTIME}s") |
    awk -v round="$1" '
      /^Benchmark.* ns\/op/ {
        name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name)
        print "go", round, name, $3
      }'
}

LOAD_BEFORE="$(loadavg)"
for ((round = 1; round <= ROUNDS; round++)); do
  if [[ -n "${BASELINE:-}" ]]; then
    echo "round $round of $ROUNDS: C++ baseline $BASELINE..." >&2
    run_cpp base "$round" "$BASELINE" >>"$WORK/results"
  fi
  echo "round $round of $ROUNDS: C++..." >&2
  run_cpp cpp "$round" "$CPP_BENCH" >>"$WORK/results"
  if [[ -n "$GO_BIN" ]]; then
    echo "round $round of $ROUNDS: Go..." >&2
    run_go "$round" >>"$WORK/results"
  fi
done
LOAD_AFTER="$(loadavg)"

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $ROUNDS interleaved rounds, ${BENCHTIME}s per benchmark," \
  "$(nproc) cores, commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "load average before: $LOAD_BEFORE   after: $LOAD_AFTER"
[[ -n "$GO_BIN" ]] && echo "Go: $("$GO_BIN" version)"
echo
# Medians per side; the ratio is median C++ / median Go, "worst" the highest ratio of one round;
# with a baseline, "before" is its median and "ratio" beside it the baseline's against Go.
awk -v with_base="${BASELINE:+1}" '
  function median(list,   values, n, i, j, t) {
    n = split(list, values, " ")
    for (i = 2; i <= n; i++)
      for (j = i; j > 1 && values[j - 1] + 0 > values[j] + 0; j--) {
        t = values[j]; values[j] = values[j - 1]; values[j - 1] = t
      }
    return n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
  }
  {
    key = $3
    if (!(key in seen)) { seen[key] = 1; order[++count] = key }
    times[$1, key] = times[$1, key] " " $4
    at[$1, key, $2] = $4
    rounds[$2] = 1
  }
  END {
    printf "%-44s %12s %12s %7s %7s", "benchmark", "C++ ns", "Go ns", "ratio", "worst"
    if (with_base) printf " %12s %7s", "before ns", "ratio"
    printf "\n"
    for (i = 1; i <= count; i++) {
      key = order[i]
      cpp = (("cpp", key) in times) ? median(times["cpp", key]) : ""
      go = (("go", key) in times) ? median(times["go", key]) : ""
      if (cpp == "" || go == "") {
        if (cpp != "") printf "%-44s %12.1f %12s %7s %7s\n", key, cpp, "-", "-", "-"
        continue
      }
      worst = 0
      for (r in rounds)
        if ((("cpp", key, r) in at) && (("go", key, r) in at) && at["go", key, r] > 0) {
          q = at["cpp", key, r] / at["go", key, r]
          if (q > worst) worst = q
        }
      printf "%-44s %12.1f %12.1f %7.2f %7.2f", key, cpp, go, cpp / go, worst
      if (with_base && (("base", key) in times)) {
        base = median(times["base", key])
        printf " %12.1f %7.2f", base, base / go
      }
      printf "\n"
    }
  }' "$WORK/results"
