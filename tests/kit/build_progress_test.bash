#!/usr/bin/env bash
# The progress filter of ./kit's builds (tools/kit/build_progress.bash), fed a made-up Ninja
# output: the compilers' messages reach stdout whole and in order, Ninja's status lines never do,
# a quick build says nothing else, a long one shows its [n/N] (a line per tenth off a terminal,
# one line redrawn on a terminal) and ends with the count and the time.
set -euo pipefail
KIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=tools/kit/build_progress.bash
source "$KIT_ROOT/tools/kit/build_progress.bash"

failures=0
expect() { # expect <what> <condition...>
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what" >&2; failures=$((failures + 1)); fi
}

# 40 steps, a warning after step 3 and an error split across two writes (as a compiler's long
# line may arrive), then Ninja's own words. fake_ninja <pause>: the seconds between the two halves.
fake_ninja() {
  local pause=$1 step
  for step in $(seq 1 40); do
    echo "[$step/40] Building CXX object step$step.o"
    if [[ $step -eq 3 ]]; then echo "server.cpp:7:3: warning: unused variable 'x'"; fi
  done
  printf 'server.cpp:9:1: error: '
  sleep "$pause" # a slow writer: the filter's 1 s wait for input runs out within the line
  echo "expected ';'"
  echo "ninja: no work to do."
}
messages=$'server.cpp:7:3: warning: unused variable \'x\'\nserver.cpp:9:1: error: expected \';\''

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A quick build, not on a terminal: only the messages, the one split in two included.
fake_ninja 2.5 | KIT_PROGRESS_AFTER=60 kit_build_progress >"$work/out" 2>"$work/err"
expect "quick build: messages on stdout, whole and in order" [ "$(cat "$work/out")" == "$messages" ]
expect "quick build: nothing on stderr" [ ! -s "$work/err" ]

# A long build (shown from the start), not on a terminal: plain lines, one per tenth.
fake_ninja 0 | KIT_PROGRESS_AFTER=0 kit_build_progress >"$work/out" 2>"$work/err"
expect "long build: messages on stdout, whole and in order" [ "$(cat "$work/out")" == "$messages" ]
expect "long build: no status line and no escape code on stdout" \
  bash -c "! grep -q $'\\[[0-9]*/40\\]\\|\\033' '$work/out'"
expect "long build: plain progress lines with [n/N], at most one per tenth" \
  bash -c "n=\$(grep -c '^kit: building \[ *[0-9]*/40\] [#-]* *[0-9]*%  [0-9]*:[0-9][0-9]$' '$work/err');
           [ \$n -ge 2 ] && [ \$n -le 11 ]"
expect "long build: reaches [40/40] 100%" grep -q '^kit: building \[40/40\] #* 100%' "$work/err"
expect "long build: ends with the steps and the time" \
  bash -c "tail -n1 '$work/err' | grep -q '^kit: 40 build steps in [0-9]*:[0-9][0-9]$'"
expect "long build: no escape code off a terminal" bash -c "! grep -q $'\\033' '$work/err'"

# On a terminal (script(1) gives the filter one): one line redrawn in place, then the summary.
fake_ninja 0 >"$work/ninja"
script -qec "bash -c 'source \"$KIT_ROOT/tools/kit/build_progress.bash\";
  KIT_PROGRESS_AFTER=0 kit_build_progress <\"$work/ninja\" >\"$work/out\"'" /dev/null \
  </dev/null >"$work/terminal"
expect "terminal: messages on stdout, whole and in order" [ "$(cat "$work/out")" == "$messages" ]
expect "terminal: the line is redrawn in place" grep -q $'\r\033\\[K' "$work/terminal"
expect "terminal: it shows [40/40]" grep -q 'building \[40/40\]' "$work/terminal"
expect "terminal: ends with the steps and the time" \
  grep -q 'kit:.* 40 build steps in [0-9]*:[0-9][0-9]' "$work/terminal"

[[ $failures -eq 0 ]]
