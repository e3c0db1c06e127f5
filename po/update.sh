#!/usr/bin/env bash
# Extracts every message the learner reads from the kit into po/cancelkit.pot and merges it into
# each catalogue (po/<lang>.po), so that new or changed messages appear there untranslated or
# fuzzy, for a translator to fill in. Run from anywhere after building kit_cli:
#   po/update.sh [build/dev]
# The messages: the C++ strings in _(), N_() and P_() (xgettext), and what kit_cli looks up at
# run time, from chapters/chapters.toml and the graded wrong turns (kit_cli dev pot).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build/dev}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$root"
xgettext --language=C++ --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 --keyword=NP_:1,2 \
  --add-comments=TRANSLATORS: --package-name=cancelkit --sort-by-file --no-wrap \
  -o "$work/code.pot" tools/kit/cli/*.cpp tools/kit/src/*.cpp
"$build/tools/kit/kit_cli" --root "$root" dev pot >"$work/manifest.pot"
msgcat --use-first --no-wrap -o po/cancelkit.pot "$work/code.pot" "$work/manifest.pot"
for catalogue in po/*.po; do
  msgmerge --quiet --update --backup=none --no-wrap "$catalogue" po/cancelkit.pot
done
