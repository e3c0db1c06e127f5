#!/usr/bin/env bash
# Instructions per op of the context benchmarks, counted by callgrind on one thread. A count
# holds whatever the load of the machine, where a time does not: measure a change with this
# first, then with compare_go.sh.
#
#   bench/count_instructions.sh                              # the usual ops
#   bench/count_instructions.sh 'CancelTree/ClosedCanceler 100' 'WithTimeout'   # some ops
#   N=20000 bench/count_instructions.sh                      # ops per count (default 10000)
#
# Each op (bench/context_instructions.cpp) runs N and 2N times; the difference in instructions,
# divided by N, leaves out the start-up and the first allocations. A chain of depth D runs N/D
# times. Release build (the `release` preset), built here if missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/build/release/bench/context_instructions"
N="${N:-10000}"

if ! command -v valgrind >/dev/null; then
  echo "callgrind is part of valgrind: apt-get install valgrind" >&2
  exit 1
fi
if [[ ! -x "$BIN" ]]; then
  echo "building context_instructions (Release)..." >&2
  (cd "$ROOT" && cmake --preset release >/dev/null &&
    cmake --build --preset release --target context_instructions >/dev/null)
fi

instructions() {  # ARGS... -> instructions of the whole run
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" "$@" 2>&1 |
    awk '/Collected :/ { print $NF }'
}

if (($# == 0)); then
  set -- 'CancelTree/Background 1' 'CancelTree/OpenCanceler 1' 'CancelTree/ClosedCanceler 1' \
    'CancelTree/Background 100' 'CancelTree/ClosedCanceler 100' \
    'CancelTree/ClosedCanceler 1000' 'CommonParentCancel' 'WithTimeout'
fi
for op in "$@"; do
  read -r -a args <<<"$op"
  runs=$N
  [[ "${args[0]}" == CancelTree/* ]] && runs=$((N / args[1] > 10 ? N / args[1] : 10))
  once="$(instructions "${args[@]}" "$runs")"
  twice="$(instructions "${args[@]}" $((2 * runs)))"
  printf '%-34s %10d instructions/op\n' "$op" $(((twice - once) / runs))
done
