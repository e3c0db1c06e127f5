#!/usr/bin/env bash
# Run by msgexec for one message (MSGEXEC_MSGID, MSGEXEC_MSGID_PLURAL) with its translation on
# stdin: fails, naming it, when the translation's fmt placeholders do not take the arguments
# the message takes. A plural translation may take the singular's or the plural's.
set -uo pipefail
translation=$(cat)
[[ -z ${MSGEXEC_MSGID:-} || -z $translation ]] && exit 0  # the header; msgcmp finds empty ones

# How many arguments a format string takes: n for n automatic {} (or {:...}), max+1 for manual
# {0}, {1}...; "unordered" when manual ones skip an index, "mixed" for both kinds.
arguments() {
  local text=${1//'{{'/} automatic=0 indices=()
  text=${text//'}}'/}
  while [[ $text =~ \{([0-9]*)[}:] ]]; do
    if [[ -z ${BASH_REMATCH[1]} ]]; then ((automatic++)); else indices+=("${BASH_REMATCH[1]}"); fi
    text=${text#*"${BASH_REMATCH[0]}"}
  done
  if ((${#indices[@]} == 0)); then echo "$automatic"; return; fi
  if ((automatic > 0)); then echo mixed; return; fi
  local sorted
  sorted=$(printf '%s\n' "${indices[@]}" | sort -nu | tr '\n' ' ')
  [[ $sorted == "$(seq -s ' ' 0 $(($(wc -w <<<"$sorted") - 1))) " ]] || { echo unordered; return; }
  wc -w <<<"$sorted"
}

wanted=$(arguments "$MSGEXEC_MSGID")
wanted_plural=$wanted
[[ -n ${MSGEXEC_MSGID_PLURAL:-} ]] && wanted_plural=$(arguments "$MSGEXEC_MSGID_PLURAL")
got=$(arguments "$translation")
if [[ $got != "$wanted" && $got != "$wanted_plural" ]]; then
  printf '  %s\n    takes %s arguments; the translation %s\n' "$MSGEXEC_MSGID" "$wanted_plural" "$got"
  exit 1
fi
