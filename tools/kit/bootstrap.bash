# The part of ./kit that must work before anything is built: check and install the Debian
# packages, configure and build with the CMake presets, run the test workflows. Every other verb
# belongs to the C++ CLI (tools/kit/, target kit_cli), which this script builds and then runs.
# Sourced by ./kit, which sets KIT_ROOT.

# shellcheck source=tools/kit/build_progress.bash
source "$KIT_ROOT/tools/kit/build_progress.bash"
# shellcheck source=tools/kit/editor.bash
source "$KIT_ROOT/tools/kit/editor.bash"

# What the kit needs on every machine, as Debian package names.
KIT_PACKAGES=(
  g++ cmake ninja-build pkg-config git mold
  libgtest-dev libgmock-dev libbenchmark-dev
  libcpp-httplib-dev libsqlite3-dev libhiredis-dev redis-server
  libtomlplusplus-dev libcli11-dev libfmt-dev libdtl-dev nlohmann-json3-dev
  gettext libnghttp2-dev nghttp2-client
)
# What one preset needs on top of that.
kit_preset_packages() {
  case "$1" in
    clang | asan) kit_clang_packages "$1" ;;
    *) ;;
  esac
}

kit_say() { printf '\033[1mkit:\033[0m %s\n' "$*" >&2; }
kit_fail() { printf '\033[1;31mkit:\033[0m %s\n' "$*" >&2; exit 1; }

# Whether the learner reads Korean, chosen as the CLI chooses (tools/kit/src/i18n.h): --lang among
# ./kit's arguments (KIT_ARGS), else the choice saved in .kit/language, else the first of
# LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set. The lines below come before the CLI is built,
# so they carry their Korean with them; every later message is the CLI's, from po/ko.po.
kit_korean() {
  local i language=
  for ((i = 0; i < ${#KIT_ARGS[@]}; i++)); do
    case "${KIT_ARGS[i]}" in
      --lang) language=${KIT_ARGS[i + 1]:-} ;;
      --lang=*) language=${KIT_ARGS[i]#--lang=} ;;
    esac
  done
  if [[ -z $language && -r "$KIT_ROOT/.kit/language" ]]; then
    read -r language <"$KIT_ROOT/.kit/language" || true
  fi
  if [[ -z $language ]]; then
    local name
    for name in LANGUAGE LC_ALL LC_MESSAGES LANG; do
      [[ -n ${!name:-} ]] && { language=${!name}; break; }
    done
  fi
  [[ $language == ko* || $language == korean || $language == 한국어 ]]
}
KIT_ARGS=() # ./kit's arguments, which kit_main records

# kit_say and kit_fail with the Korean beside the English: the learner's language is printed.
kit_say_in() { if kit_korean; then kit_say "$2"; else kit_say "$1"; fi; }
kit_fail_in() { if kit_korean; then kit_fail "$2"; else kit_fail "$1"; fi; }

# The clang version the 'clang' preset uses: the one this Debian release builds with, which its
# `clang` package installs (clang-19 on Debian 13). Where that is older than 16 (clang-14 on
# Debian 12), the oldest from 16 up (clang-16 there): later ones arrived with point releases for
# other packages' sake, and Debian 12's dtl 1.20 does not compile with clang 19 or later.
# Nothing if apt offers none. No pipe here ends early (./kit runs with pipefail).
kit_clang_version() {
  local default version
  default=$(apt-cache depends clang 2>/dev/null | sed -n 's/^ *Depends: clang-\([0-9][0-9]*\)$/\1/p')
  if [[ $default =~ ^[0-9]+$ && $default -ge 16 ]]; then
    echo "$default"
    return 0
  fi
  for version in $(apt-cache pkgnames clang- 2>/dev/null | sed -n 's/^clang-\([0-9][0-9]*\)$/\1/p' |
    sort -n); do
    # A name apt knows is not always one it can install: it must have a candidate version.
    if [[ $version -ge 16 && $(apt-cache policy "clang-$version" 2>/dev/null) == *"Candidate: "[0-9]* ]]; then
      echo "$version"
      return 0
    fi
  done
}

# The clang a preset builds with (clang, asan), named on stderr too; for asan, with the sanitizers'
# runtime (libclang-rt-N-dev) and the symbolizer that turns a report's addresses into files and
# lines (llvm-N: Debian's runtime looks for llvm-symbolizer-N, of its own version).
kit_clang_packages() {
  local preset=$1 version
  version=$(kit_clang_version)
  if [[ -z $version ]]; then
    # Perhaps a machine whose package lists were never downloaded: download them, ask again.
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo -n)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 &&
      version=$(kit_clang_version)
  fi
  [[ -n $version ]] || kit_fail "this release offers no clang 16 or newer: the '$preset' preset needs one"
  kit_say "preset '$preset': clang-$version, this release's own"
  echo "clang-$version"
  [[ $preset != asan ]] || echo "libclang-rt-$version-dev llvm-$version"
}

# One dpkg-query for all of them: every ./kit command asks, and one call per package cost the
# learner 1.3 s per save.
kit_missing_packages() {
  local -A installed=()
  local package status
  while read -r package status; do
    [[ $status == "install ok installed" ]] && installed[$package]=1
  done < <(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true)
  for package in "$@"; do
    [[ -n ${installed[$package]:-} ]] || printf '%s\n' "$package"
  done
}

# Installs the given packages if any is missing: as root, or with sudo when it needs no password;
# otherwise prints the one command to run and stops.
kit_ensure_packages() {
  command -v dpkg-query >/dev/null ||
    kit_fail "this is not a Debian/Ubuntu machine; install the equivalents of: $*"
  local missing
  mapfile -t missing < <(kit_missing_packages "$@")
  [[ ${#missing[@]} -eq 0 ]] && return 0

  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      kit_say_in "missing packages: ${missing[*]}" "없는 패키지: ${missing[*]}"
      kit_say_in "install them with this command, then run ./kit again:" \
        "이 명령으로 설치한 다음 ./kit을 다시 실행하세요:"
      printf '\n    sudo apt-get update && sudo apt-get install -y %s\n\n' "${missing[*]}" >&2
      exit 1
    fi
  fi
  kit_say_in "installing: ${missing[*]}" "설치하는 중: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

kit_ensure_preset_packages() {
  local preset extra=()
  for preset in "$@"; do
    # shellcheck disable=SC2207
    extra+=($(kit_preset_packages "$preset"))
  done
  kit_ensure_packages "${KIT_PACKAGES[@]}" "${extra[@]}"
}

# Configures (once) and builds one preset; further runs only rebuild what changed.
kit_build() {
  local preset=$1
  shift
  cd "$KIT_ROOT" || exit 1
  if [[ ! -f "build/$preset/build.ninja" ]]; then
    cmake --preset "$preset" >/dev/null ||
      kit_fail_in "configuring the '$preset' build failed (see above)" \
        "'$preset' 빌드를 구성하지 못했습니다(위를 보세요)"
  fi
  # Only the compilers' messages, and a progress line when the build takes a while.
  cmake --build --preset "$preset" "$@" | kit_build_progress
}

# Editors and clangd find the compile commands at the root: the editor preset's, where every file
# has its own (the dev build compiles the kit's test programs as one unit each, and names only the
# unit). That build is configured, never built; its build.ninja target re-runs CMake when a
# CMakeLists.txt changed, so a new file gets its command (0.2 s when nothing did).
kit_link_compile_commands() {
  cd "$KIT_ROOT" || exit 1
  if [[ ! -f build/editor/build.ninja ]]; then
    cmake --preset editor >/dev/null || kit_fail "configuring the editor's compile commands failed"
  else
    cmake --build build/editor --target build.ninja >/dev/null ||
      kit_fail "refreshing the editor's compile commands failed (see above)"
  fi
  # Earlier kits linked the dev build's commands here.
  [[ $(readlink compile_commands.json 2>/dev/null) != build/dev/compile_commands.json ]] ||
    rm compile_commands.json
  [[ -e compile_commands.json ]] || ln -s build/editor/compile_commands.json compile_commands.json
}

kit_usage_test() {
  cat <<'USAGE'
usage: ./kit test [PRESET...]

Runs the kit's whole test suite (library, CLI, solutions, exercise self-check) through the CMake
workflow preset of each PRESET: configure, build, ctest. Default: dev, the build ./kit made, so
only what changed since is built. Other presets: ci (g++, warnings as errors), tsan
(ThreadSanitizer), asan (AddressSanitizer + UBSan), clang (the release's own clang, 16 or later:
clang-16 on Debian 12, clang-19 on Debian 13); all but dev make warnings errors.
USAGE
}

# ./kit test [PRESET...]: the kit's own test suite, one CMake workflow per preset.
kit_test() {
  local presets=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) kit_usage_test; return 0 ;;
      -*) kit_usage_test >&2; kit_fail "unknown option: $1" ;;
      *) presets+=("$1") ;;
    esac
    shift
  done
  # dev by default: the learner's own build, which ./kit has already made; a second preset would
  # compile the whole kit again for nothing but -Werror, which the CI presets bring.
  [[ ${#presets[@]} -gt 0 ]] || presets=(dev)
  kit_ensure_preset_packages "${presets[@]}"
  cd "$KIT_ROOT" || exit 1
  local preset
  for preset in "${presets[@]}"; do
    kit_say "test suite, preset '$preset'"
    # cmake/NewestClang.cmake takes the version chosen above, not merely the newest installed.
    [[ $preset == clang || $preset == asan ]] && CANCELKIT_CLANG_VERSION=$(kit_clang_version) &&
      export CANCELKIT_CLANG_VERSION
    cmake --workflow --preset "$preset" || kit_fail "the '$preset' test suite failed"
  done
}

kit_main() {
  KIT_ARGS=("$@")
  local verb=${1:-}
  case "$verb" in
    test)
      shift
      kit_test "$@"
      ;;
    editor)
      shift
      kit_editor "$@"
      ;;
    "")
      # The first run builds everything, so that the chapter list can show real progress.
      kit_ensure_preset_packages dev
      # -k 0: a chapter the learner is in the middle of may not compile; build all the rest.
      local first_build=0
      [[ -f "$KIT_ROOT/build/dev/build.ninja" ]] || first_build=1
      [[ $first_build -eq 0 ]] ||
        kit_say_in "building the kit for the first time: a couple of minutes on two cores..." \
          "키트를 처음 빌드하는 중입니다. 코어 두 개로 2~3분 걸립니다..."
      kit_build dev -- -k 0 ||
        kit_say_in "some targets did not build (a chapter in progress?): ./kit check NN shows why" \
          "빌드되지 않은 대상이 있습니다(진행 중인 챕터?). 이유는 ./kit check NN이 보여 줍니다"
      [[ -x "$KIT_ROOT/build/dev/tools/kit/kit_cli" ]] ||
        kit_fail_in "building the kit CLI failed" "키트 CLI를 빌드하지 못했습니다"
      kit_link_compile_commands
      [[ $first_build -eq 0 ]] || kit_editor_tip
      exec "$KIT_ROOT/build/dev/tools/kit/kit_cli" --root "$KIT_ROOT"
      ;;
    *)
      local presets=(dev) argument
      for argument in "$@"; do
        # The asan build is clang's: the CLI configures it, with the clang chosen here.
        if [[ $argument == --asan ]]; then
          presets+=(asan)
          CANCELKIT_CLANG_VERSION=$(kit_clang_version) && export CANCELKIT_CLANG_VERSION
        fi
      done
      kit_ensure_preset_packages "${presets[@]}"
      kit_build dev --target kit_cli ||
        kit_fail_in "building the kit CLI failed (see above)" "키트 CLI를 빌드하지 못했습니다(위를 보세요)"
      exec "$KIT_ROOT/build/dev/tools/kit/kit_cli" --root "$KIT_ROOT" "$@"
      ;;
  esac
}
