#!/usr/bin/env bash
# Save -> verdict latency of `kit watch`, the learner's edit loop.
#
#   bench/kit_latency.sh [KIT_CLI] [SAVES_PER_CHAPTER] [FILE] [CHAPTER...]
#
# FILE is what the learner saves: server.cpp (the default: the code, chapters 1-3 by default)
# or my_server_test.cpp (the learner's test, every chapter by default), saved as the solution's
# code or the model test is, so each verdict is a full one: the chapter's tests, and for the
# test, its grading on the solution, the starting code and the graded wrong turns.
#
# Works on a temporary copy of the kit (the learner's files in this checkout are never touched):
# the copy is configured and each chapter built once, then `kit watch NN` runs while this script
# saves the file the way many editors do (write a new file, rename it over the old one) and times
# each save until watch has printed the verdict. Every save changes the file, so each one pays
# for the real work: recompiling it, relinking, running the tests.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KIT_CLI="${1:-$ROOT/build/dev/tools/kit/kit_cli}"
SAVES="${2:-5}"
FILE="${3:-server.cpp}"
shift $(($# < 3 ? $# : 3))
CHAPTERS=("$@")
if [[ ${#CHAPTERS[@]} -eq 0 ]]; then
  case "$FILE" in
    server.cpp) CHAPTERS=(01 02 03) ;;
    my_server_test.cpp) CHAPTERS=(01 02 03 04 05 06) ;;
    *) echo "FILE is server.cpp or my_server_test.cpp, not $FILE" >&2; exit 1 ;;
  esac
fi
[[ -x "$KIT_CLI" ]] || { echo "no kit_cli at $KIT_CLI; build it or pass its path" >&2; exit 1; }

WORK="$(mktemp -d /tmp/kit-latency.XXXXXX)"
WATCH_PID=""
cleanup() {
  [[ -n "$WATCH_PID" ]] && kill "$WATCH_PID" 2>/dev/null && wait "$WATCH_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

COPY="$WORK/kit"
echo "preparing a copy of the kit in $COPY (configure + first build: a minute or two)..." >&2
cmake -DSOURCE="$ROOT" -DCOPY="$COPY" -P "$ROOT/tests/kit/e2e_setup.cmake"

# Reads watch's output as it comes (a FIFO, no polling: a poll every few milliseconds would take
# CPU from the very loop it times on two cores) up to the end of the next verdict, its
# "r re-runs" footer; keeps it in watch.log.
wait_for_verdict() {
  local line
  while IFS= read -r -t 300 line <&4; do
    printf '%s\n' "$line" >>"$WORK/watch.log"
    [[ $line == *"r re-runs"* ]] && return 0
  done
  echo "no verdict within 300 s:" >&2
  cat "$WORK/watch.log" >&2
  exit 1
}

printf '%-8s %s\n' chapter "save $FILE -> verdict (ms), one per save"
for chapter in "${CHAPTERS[@]}"; do
  dir=$(basename "$COPY"/chapters/"$chapter"-*)
  file="$COPY/chapters/$dir/$FILE"
  solution="$COPY/solutions/$dir/$FILE"
  cmake --build "$COPY/build/dev" --target "ch${chapter}_exercise" >/dev/null

  mkfifo "$WORK/keys" "$WORK/out"
  : >"$WORK/watch.log"
  "$KIT_CLI" --root "$COPY" --color never watch "$chapter" <"$WORK/keys" >"$WORK/out" 2>&1 &
  WATCH_PID=$!
  exec 3>"$WORK/keys" 4<"$WORK/out"
  wait_for_verdict

  times=()
  for ((save = 1; save <= SAVES; save++)); do
    { cat "$solution"; echo "// save $save"; } >"$file.new"
    start=${EPOCHREALTIME/./} # bash's own clock in microseconds: no process started to read it
    mv "$file.new" "$file"
    wait_for_verdict
    end=${EPOCHREALTIME/./}
    times+=($(((end - start) / 1000)))
  done
  grep -q "passes" "$WORK/watch.log" || { echo "chapter $chapter never passed:" >&2; cat "$WORK/watch.log" >&2; }

  echo q >&3
  exec 3>&-
  cat <&4 >>"$WORK/watch.log" # whatever watch prints as it quits, so that it never blocks
  exec 4<&-
  wait "$WATCH_PID" || true
  WATCH_PID=""
  rm -f "$WORK/keys" "$WORK/out"
  sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
  printf '%-8s %s(median %s)\n' "$chapter" "$sorted" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((SAVES + 1) / 2))p")"
done
