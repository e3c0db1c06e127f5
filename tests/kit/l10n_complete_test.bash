#!/usr/bin/env bash
# Every catalogue (po/<lang>.po) translates every message the kit can print, as po/extract.sh
# finds them today, with nothing untranslated or fuzzy; msgfmt --check accepts it; and each
# translation has the fmt placeholders of its message ({} or {0}, {1}... for another order),
# which msgfmt cannot check: a missing one throws fmt::format_error in front of the learner.
#   l10n_complete_test.bash KIT_ROOT KIT_CLI
set -uo pipefail
root=$1
kit_cli=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

"$root/po/extract.sh" "$work/cancelkit.pot" "$kit_cli" || exit 1
for catalogue in "$root"/po/*.po; do
  name=${catalogue#"$root"/}
  # msgcmp counts an untranslated or fuzzy message in the catalogue as missing.
  if ! msgcmp "$catalogue" "$work/cancelkit.pot"; then
    echo "✗ $name lacks translations: po/update.sh, then translate what is empty or fuzzy"
    status=1
  fi
  if ! msgfmt --check --statistics -o /dev/null "$catalogue"; then
    echo "✗ $name: msgfmt --check fails"
    status=1
  fi
  if ! msgexec -i "$catalogue" bash "$root/tests/kit/l10n_placeholders.bash" >"$work/placeholders"; then
    echo "✗ $name: placeholders differ:"
    cat "$work/placeholders"
    status=1
  fi
done
[[ $status -ne 0 ]] || echo "✓ every message translated, placeholders match"
exit $status
