# ./kit editor: what an editor needs to understand the kit's C++ (completion, errors, go to
# definition): clangd 16 or newer and the editor preset's compile commands at the root, which the
# root .clangd adapts from g++ to clang. Sourced by bootstrap.bash.

kit_usage_editor() {
  cat <<'USAGE'
usage: ./kit editor [--check [--one-per-command]]

Sets up clangd, the language server behind VS Code's clangd extension, CLion's C++ support,
Neovim's and Emacs's LSP clients: installs clangd 16 or newer if the machine has none (Debian
12's default clangd is 14, which cannot read C++23), configures the editor preset (compile
commands only, nothing is built) and links its compile_commands.json at the root. Editors start tools/editor/clangd, which picks the newest.

  --check   then run clangd over every C++ file of the kit and report any error
  --one-per-command
            with --check: of the sources that share one compile command, only the first (CI's
            quicker check: every header still, and the asan build compiles every source with
            clang)
USAGE
}

# The clangd of the clang the kit tests with (the clang preset's: clang-16 on Debian 12), so that
# the editor and `./kit test clang` agree on what compiles.
kit_clangd_package() {
  local clang
  clang=$(kit_preset_packages clang)
  if [[ $clang =~ ^clang-([0-9]+)$ ]]; then
    echo "clangd-${BASH_REMATCH[1]}"
  else
    echo "clangd-16"
  fi
}

# After the first build: where to get clangd, if the machine has none that reads C++23. Only a
# word; installing is ./kit editor's job, when the learner asks.
kit_editor_tip() {
  "$KIT_ROOT/tools/editor/clangd" --version >/dev/null 2>&1 ||
    kit_say_in "for completion and errors in your editor: ./kit editor (installs $(kit_clangd_package))" \
      "편집기에서 자동 완성과 오류 표시를 쓰려면: ./kit editor ($(kit_clangd_package) 설치)"
}

kit_editor() {
  local check=0 check_options=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) kit_usage_editor; return 0 ;;
      --check) check=1 ;;
      --one-per-command) check_options+=("$1") ;;
      *) kit_usage_editor >&2; kit_fail "unknown argument: $1" ;;
    esac
    shift
  done
  local clangd="$KIT_ROOT/tools/editor/clangd"
  if ! "$clangd" --version >/dev/null 2>&1; then
    local package have
    package=$(kit_clangd_package)
    have=$(clangd --version 2>/dev/null | sed -n 's/.*clangd version \([0-9.]*\).*/clangd \1/p')
    kit_say "the kit is C++23, which clangd reads from version 16 on; this machine has" \
      "${have:-no clangd}, so it needs $package"
    kit_ensure_packages "$package"
  fi
  kit_ensure_preset_packages dev
  kit_link_compile_commands
  kit_say "clangd: $("$clangd" --version | head -n1) (editors start tools/editor/clangd)"
  kit_say "compile commands: compile_commands.json -> $(readlink compile_commands.json)," \
    "adapted for clang by .clangd"
  kit_say "VS Code: open the folder and accept the recommended extensions (.vscode/)."
  kit_say "Other editors: README.md, \"Your editor\"."
  if [[ $check -eq 1 ]]; then
    kit_say "checking every C++ file of the kit with clangd..."
    "$KIT_ROOT/tools/editor/clangd_check.bash" "${check_options[@]}" || kit_fail "clangd reports errors (above)"
  fi
}
