#!/usr/bin/env bash
# The few lines ./kit prints before its CLI exists (tools/kit/bootstrap.bash) are in the learner's
# language, chosen as the CLI chooses it: --lang, then the saved choice (.kit/language), then the
# first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set. The build's progress line too.
set -euo pipefail
SOURCE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A workspace of its own, with ./kit's scripts: its .kit/language is this test's, not the kit's.
mkdir -p "$work/tools/kit"
cp "$SOURCE_ROOT"/tools/kit/*.bash "$work/tools/kit/"
KIT_ROOT=$work
# shellcheck source=tools/kit/bootstrap.bash
source "$work/tools/kit/bootstrap.bash"

failures=0
expect() { # expect <what> <condition...>
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what" >&2; failures=$((failures + 1)); fi
}
# What kit_say_in prints, without its colours, with the language settings given as NAME=value.
said() {
  env -i PATH="$PATH" "$@" bash -c "
    KIT_ROOT='$work'; source '$work/tools/kit/bootstrap.bash'
    KIT_ARGS=(\${ARGS:-}); kit_say_in 'installing: x' '설치하는 중: x'" 2>&1 |
    sed 's/\x1b\[[0-9;]*m//g'
}

expect "English by default" [ "$(said)" == "kit: installing: x" ]
expect "Korean from LANG" [ "$(said LANG=ko_KR.UTF-8)" == "kit: 설치하는 중: x" ]
expect "LANGUAGE comes before LANG" [ "$(said LANGUAGE=en LANG=ko_KR.UTF-8)" == "kit: installing: x" ]
expect "--lang ko over an English LANG" [ "$(said LANG=en_US.UTF-8 ARGS='--lang ko')" == "kit: 설치하는 중: x" ]
expect "--lang=en over a Korean LANG" [ "$(said LANG=ko_KR.UTF-8 ARGS=--lang=en)" == "kit: installing: x" ]
mkdir -p "$work/.kit" && echo ko >"$work/.kit/language"
expect "the saved choice over an English LANG" [ "$(said LANG=C.UTF-8)" == "kit: 설치하는 중: x" ]
expect "--lang en over the saved choice" [ "$(said ARGS='--lang en')" == "kit: installing: x" ]

# The progress line of a long build, off a terminal, in Korean.
progress=$(for step in $(seq 1 10); do echo "[$step/10] Building CXX object s$step.o"; done |
  KIT_PROGRESS_AFTER=0 kit_build_progress 2>&1 >/dev/null | sed 's/\x1b\[[0-9;]*m//g')
expect "the progress line in Korean" grep -q '빌드 중 \[' <<<"$progress"
expect "the build's summary in Korean" grep -q '빌드 단계 10개' <<<"$progress"
rm "$work/.kit/language"
progress=$(for step in $(seq 1 10); do echo "[$step/10] Building CXX object s$step.o"; done |
  LANGUAGE='' LC_ALL='' LC_MESSAGES='' LANG=C KIT_PROGRESS_AFTER=0 kit_build_progress 2>&1 >/dev/null |
  sed 's/\x1b\[[0-9;]*m//g')
expect "the progress line in English" grep -q 'building \[' <<<"$progress"
expect "the build's summary in English" grep -q '10 build steps in' <<<"$progress"

[[ $failures -eq 0 ]] || exit 1
