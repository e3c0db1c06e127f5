# How far a build has got, for ./kit's builds: reads Ninja's output on stdin, passes the
# compilers' messages through to stdout and turns Ninja's `[n/N]` status lines into progress on
# stderr. A build that ends within KIT_PROGRESS_AFTER seconds shows nothing but its messages.
# On a terminal the progress is one line, redrawn in place:
#
#   kit: building [ 57/412] #####--------------- 13%  0:37
#
# elsewhere (a log, CI) a plain line at each tenth of the build. Sourced by bootstrap.bash.

KIT_PROGRESS_AFTER=${KIT_PROGRESS_AFTER:-2}

# The build's state, shared by the helpers below while kit_build_progress runs.
_kit_done=0 _kit_total=0 _kit_shown=0 _kit_tenths=0 _kit_started=0

_kit_elapsed() {
  local seconds=$((SECONDS - _kit_started))
  printf '%d:%02d' $((seconds / 60)) $((seconds % 60))
}

# "kit:", bold on a terminal as kit_say prints it.
_kit_label() {
  if [[ -t 2 ]]; then printf '\033[1mkit:\033[0m'; else printf 'kit:'; fi
}

_kit_progress_line() {
  local kit building=building
  kit=$(_kit_label)
  # In Korean when bootstrap.bash, which defines kit_korean, says the learner reads it.
  if declare -F kit_korean >/dev/null && kit_korean; then building="빌드 중"; fi
  if [[ $_kit_total -eq 0 ]]; then
    printf '%s %s...  %s' "$kit" "$building" "$(_kit_elapsed)"
    return
  fi
  local filled=$((_kit_done * 20 / _kit_total)) bar='####################--------------------'
  printf '%s %s [%*d/%d] %s %3d%%  %s' "$kit" "$building" "${#_kit_total}" "$_kit_done" "$_kit_total" \
    "${bar:20-filled:20}" $((_kit_done * 100 / _kit_total)) "$(_kit_elapsed)"
}

# Redraws the progress line (terminal), or prints a line when the build passes a tenth (not).
_kit_show_progress() {
  [[ $((SECONDS - _kit_started)) -ge $KIT_PROGRESS_AFTER ]] || return 0
  if [[ -t 2 ]]; then
    printf '\r\033[K%s' "$(_kit_progress_line)" >&2
    _kit_shown=1
  elif [[ $_kit_total -gt 0 ]]; then
    local tenths=$((_kit_done * 10 / _kit_total))
    if [[ $_kit_shown -eq 0 || $tenths -gt $_kit_tenths ]]; then
      printf '%s\n' "$(_kit_progress_line)" >&2
      _kit_shown=1 _kit_tenths=$tenths
    fi
  fi
}

# Clears the progress line so that a message starts at the left margin.
_kit_clear_progress() {
  if [[ $_kit_shown -eq 1 && -t 2 ]]; then printf '\r\033[K' >&2; fi
}

kit_build_progress() {
  _kit_done=0 _kit_total=0 _kit_shown=0 _kit_tenths=0 _kit_started=$SECONDS
  local line="" part status
  while true; do
    # Wake up every second, so that the clock moves through a long compile or link too. A read
    # that times out keeps what it got of the line; the next read appends the rest.
    if IFS= read -r -t 1 part; then
      line+=$part
    else
      status=$?
      if [[ $status -gt 128 ]]; then
        line+=$part
        _kit_show_progress
        continue
      fi
      line+=$part
      [[ -n $line ]] || break
    fi
    if [[ $line =~ ^\[([0-9]+)/([0-9]+)\]\  ]]; then
      _kit_done=${BASH_REMATCH[1]} _kit_total=${BASH_REMATCH[2]}
      _kit_show_progress
    elif [[ $line != "ninja: no work to do." ]]; then
      _kit_clear_progress
      printf '%s\n' "$line"
      [[ $_kit_shown -eq 0 || ! -t 2 ]] || printf '%s' "$(_kit_progress_line)" >&2
    fi
    line=""
  done
  if [[ $_kit_shown -eq 1 ]]; then
    _kit_clear_progress
    if declare -F kit_korean >/dev/null && kit_korean; then
      printf '%s 빌드 단계 %d개, %s 걸림\n' "$(_kit_label)" "$_kit_done" "$(_kit_elapsed)" >&2
    else
      printf '%s %d build steps in %s\n' "$(_kit_label)" "$_kit_done" "$(_kit_elapsed)" >&2
    fi
  fi
}
