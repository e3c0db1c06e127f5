#!/usr/bin/env bash
# Checks that clangd, as an editor starts it here (tools/editor/clangd, the root .clangd), parses
# every C++ file a learner or maintainer opens without an error. Each file goes through
# `clangd --check`, which builds the file's AST as the editor would and reports its diagnostics.
#
#   tools/editor/clangd_check.bash [--compile-commands-dir DIR] [-j JOBS] [--file-timeout S]
#                                  [--one-per-command] [FILE...]
#
# DIR holds compile_commands.json (default: the repository root, where ./kit links the editor
# preset's). Without FILE, every .cpp and .h under the kit's source folders. Prints one line per
# error as `file: message`, the slowest files, and a summary; exits 1 if any file has an error.
# A clangd still reading one file after S seconds (default 300; a file takes 1 to 20) is stopped;
# a clangd stopped or crashed is given the file once more, alone, before its file is reported as
# an error: one stuck clangd on a loaded machine cannot hold or fail the whole check.
# --one-per-command: of the sources that share one compile command (the same flags in the same
# folder), only the first; every header and every source without a command of its own still. The
# others are read with the very same flags, and CI compiles each of them with clang anyway (the
# asan build): half the time, for CI's budget.
set -euo pipefail

# All in functions, read whole before main runs: editing this file during a check is safe.

# Prints the FILEs (paths relative to the root) to check with --one-per-command: every one that
# is not a source with a compile command in $1 (headers, the sources no target compiles), and the
# first of the sources whose commands are the same but for their own names. CMake writes
# compile_commands.json one field a line, "directory" before "command" before "file".
one_per_command() {
  local commands=$1
  shift
  printf '%s\n' "$@" | awk -v root="$PWD/" '
    function without(text, part, at) {
      while ((at = index(text, part)) > 0) text = substr(text, 1, at - 1) substr(text, at + length(part))
      return text
    }
    FNR == NR {
      if ($0 ~ /^  "directory": /) { directory = $0 }
      else if ($0 ~ /^  "command": /) { command = $0 }
      else if ($0 ~ /^  "file": /) {
        file = $0
        sub(/^  "file": "/, "", file)
        sub(/",?$/, "", file)
        sub(/ -o [^ ]+/, "", command)  # the object file is named after the source
        key = without(directory " " command, file)  # and so is its source
        if (!(key in first)) first[key] = file
        kept[file] = (first[key] == file)
      }
      next
    }
    !((root $0) in kept) || kept[root $0] { print }
  ' "$commands" -
}

main() {
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  clangd="$root/tools/editor/clangd"
  commands_dir="$root"
  jobs=$(nproc)
  file_timeout=300
  one_per_command=0
  files=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --compile-commands-dir) commands_dir=$2; shift ;;
      -j) jobs=$2; shift ;;
      --file-timeout) file_timeout=$2; shift ;;
      --one-per-command) one_per_command=1 ;;
      -h | --help) sed -n '2,18s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
      *) files+=("$1") ;;
    esac
    shift
  done
  [[ -f "$commands_dir/compile_commands.json" ]] ||
    { echo "no compile_commands.json in $commands_dir: configure a preset first" >&2; exit 1; }

  cd "$root"
  if [[ ${#files[@]} -eq 0 ]]; then
    # Not the fixtures whose compile errors the CLI's tests need (a missing semicolon).
    mapfile -t files < <(find chapters solutions spies lib tools tests bench -type f \
      \( -name '*.cpp' -o -name '*.h' \) ! -name 'ch01_syntax_error_server.cpp' \
      ! -name 'ch01_test_syntax_error.cpp' | sort)
  fi
  if [[ $one_per_command -eq 1 ]]; then
    local all=${#files[@]}
    mapfile -t files < <(one_per_command "$commands_dir/compile_commands.json" "${files[@]}")
    printf 'one file per compile command: %d of %d files\n' "${#files[@]}" "$all"
  fi

  # Checks one file: $1 the file, $2 clangd, $3 the logs' folder, $4 DIR, $5 the time limit;
  # under `timeout`. A file's log is named after it, '/' spelled '%'; the seconds it took go to
  # the same name with .seconds.
  # --check-lines=1: after parsing, clangd tries hover and every refactoring at each token of the
  # lines given (all by default); that takes most of the time and its failures are refactorings
  # that do not apply, not errors a learner sees. Line 1 keeps the check to the parse.
  # shellcheck disable=SC2016 # the single quotes are sh -c's script, expanded there
  local check_one='
    log="$3/$(printf %s "$1" | tr / %)" started=$(date +%s)
    timeout --signal=KILL "$5" "$2" --compile-commands-dir="$4" --check-lines=1 \
      --check="$1" >"$log" 2>&1
    case $? in 124 | 137) echo "clangd did not finish within $5 s" >>"$log" ;; esac
    echo $(($(date +%s) - started)) >"$log.seconds"'

  logs=$(mktemp -d)
  trap 'rm -rf "$logs"' EXIT
  started=$SECONDS
  # One clangd per file, JOBS at a time.
  printf '%s\n' "${files[@]}" | xargs -P "$jobs" -I{} sh -c "$check_one" \
    _ {} "$clangd" "$logs" "$commands_dir" "$file_timeout" || true
  # A clangd that was stopped or crashed (its log does not end its checks) gets the file again,
  # alone: on a machine busy with other builds that is the machine, not the file.
  for file in "${files[@]}"; do
    log="$logs/$(printf %s "$file" | tr / %)"
    grep -q 'All checks completed' "$log" && continue
    printf 'clangd did not finish %s; once more, alone\n' "$file"
    sh -c "$check_one" _ "$file" "$clangd" "$logs" "$commands_dir" "$file_timeout" || true
  done

  failed=0
  for file in "${files[@]}"; do
    log="$logs/$(printf %s "$file" | tr / %)"
    # The compiler's errors, as clangd logs them: `E[time] [code] Line N: message`. A log that
    # does not end its checks means clangd could not read the file or crashed: its last lines say.
    errors=$(sed -n 's/^E\[[^]]*\] \[[^]]*\] \(.*\)/\1/p' "$log")
    grep -q 'All checks completed' "$log" || errors+=$'\n'"$(tail -n 3 "$log")"
    if [[ -n ${errors//$'\n'/} ]]; then
      failed=$((failed + 1))
      errors=$(sed '/^$/d' <<<"$errors")
      while IFS= read -r error; do printf '%s: %s\n' "$file" "$error"; done <<<"$errors"
    fi
  done
  # Where the time goes: a check that grows slow shows its culprits before it reaches its limit.
  slowest=$(for file in "${files[@]}"; do
    seconds=$(cat "$logs/$(printf %s "$file" | tr / %).seconds" 2>/dev/null || echo '?')
    printf '%s %s\n' "$seconds" "$file"
  done | sort -rn | head -n 3 | awk '{ printf "%s%s (%s s)", (NR > 1 ? ", " : ""), $2, $1 }')
  printf 'slowest: %s\n' "$slowest"
  version=$("$clangd" --version | sed -n 's/.*clangd version \([^ ]*\).*/\1/p' | head -n1)
  # `times` prints the shell's CPU time, then its children's: the clangds' user and system time.
  times >"$logs/times" # not $(times): a subshell has no children of its own
  cpu=$(tail -n1 "$logs/times")
  printf 'clangd %s: %d files checked in %d s (clangd CPU: %s), %d with errors\n' \
    "$version" "${#files[@]}" $((SECONDS - started)) "$cpu" "$failed"
  [[ $failed -eq 0 ]]
}

main "$@"
