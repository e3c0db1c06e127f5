#!/usr/bin/env bash
# After a message changed in the C++ or in chapters.toml: po/cancelkit.pot afresh (po/extract.sh,
# with kit_cli built), merged into each catalogue, where a new message appears untranslated and a
# changed one fuzzy, for a translator to fill in (then remove the "#, fuzzy" line).
#   po/update.sh [KIT_CLI]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/po/extract.sh" "$root/po/cancelkit.pot" "$@"
for catalogue in "$root"/po/*.po; do
  msgmerge --quiet --update --backup=none --no-wrap "$catalogue" "$root/po/cancelkit.pot"
done
