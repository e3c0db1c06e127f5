#!/usr/bin/env bash
# Writes the template of every message the learner reads from the kit:
#   po/extract.sh OUT.pot [KIT_CLI]        (KIT_CLI: default build/dev/tools/kit/kit_cli)
# The C++ strings marked _(), N_(), P_() and NP_() (xgettext), and what kit_cli looks up at run
# time: chapters/chapters.toml's titles, hang diagnoses and hints and the graded wrong turns'
# descriptions (kit_cli dev pot).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$1
kit_cli=${2:-$root/build/dev/tools/kit/kit_cli}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$root"
xgettext --language=C++ --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 \
  --keyword=NP_:1,2 --add-comments=TRANSLATORS: --package-name=cancelkit --sort-by-file \
  --no-wrap -o "$work/code.pot" tools/kit/cli/*.cpp tools/kit/src/*.cpp
"$kit_cli" --root "$root" dev pot >"$work/manifest.pot"
msgcat --use-first --no-wrap -o "$out" "$work/code.pot" "$work/manifest.pot"
