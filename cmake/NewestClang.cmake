# The toolchain file of the 'clang' preset. Debian installs each clang under its version's name
# (clang++-16, clang++-19...) and each release has its own, so the preset names no version:
# `./kit test clang` installs the release's own clang and passes its version in the environment
# (CANCELKIT_CLANG_VERSION); without it (an IDE, plain cmake) this takes the newest clang++-N
# installed, N from 16 up. Pass -DCANCELKIT_CLANGXX=/path/to/clang++ to choose another.
if(DEFINED ENV{CANCELKIT_CLANG_VERSION})
  set(cancelkit_clang_names "clang++-$ENV{CANCELKIT_CLANG_VERSION}")
else()
  set(cancelkit_clang_names "")
  foreach(version RANGE 16 40)
    list(PREPEND cancelkit_clang_names "clang++-${version}")
  endforeach()
endif()
# find_program tries each name in every directory before the next name: the newest wins. Once
# found, the path stays in the cache, so a later reconfigure keeps the same compiler.
find_program(CANCELKIT_CLANGXX NAMES ${cancelkit_clang_names})
if(NOT CANCELKIT_CLANGXX)
  message(FATAL_ERROR "the 'clang' preset needs clang 16 or newer (${cancelkit_clang_names}), "
                      "which was not found.\nRun ./kit test clang, which installs it.")
endif()
set(CMAKE_CXX_COMPILER "${CANCELKIT_CLANGXX}")
# CMake reads this file again for each of its compiler checks: give them the same answer.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CANCELKIT_CLANGXX)
