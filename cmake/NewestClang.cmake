# The toolchain file of the 'clang' preset: the newest clang++-N installed, N from 16 up. Debian
# installs each clang under its version's name (clang++-16, clang++-19...) and every release
# offers different ones, so the preset names no version: `./kit test clang` installs the newest
# clang the release offers, and this file finds it. CMake reads it again for each of its own
# compiler checks, so it sets only what a toolchain file may.
set(cancelkit_clang_names "")
foreach(version RANGE 16 40)
  list(PREPEND cancelkit_clang_names "clang++-${version}")
endforeach()
# find_program tries each name in every directory before the next name: the newest wins.
find_program(CANCELKIT_CLANGXX NAMES ${cancelkit_clang_names})
if(NOT CANCELKIT_CLANGXX)
  message(FATAL_ERROR "the 'clang' preset needs clang 16 or newer (clang++-16, clang++-19...), "
                      "which was not found.\nRun ./kit test clang, which installs it.")
endif()
set(CMAKE_CXX_COMPILER "${CANCELKIT_CLANGXX}")
