# The compile options every target of the kit shares, as one interface target.
add_library(cancelkit_options INTERFACE)
add_library(cancelkit::options ALIAS cancelkit_options)

target_compile_features(cancelkit_options INTERFACE cxx_std_23)
set(CMAKE_CXX_EXTENSIONS OFF)

target_compile_options(cancelkit_options INTERFACE -Wall -Wextra -Wpedantic)
if(CANCELKIT_WERROR)
  target_compile_options(cancelkit_options INTERFACE -Werror)
endif()

# libstdc++ 12 and 13 only declare std::expected when __cpp_concepts >= 202002L. Clang 16 to 18
# implement everything <expected> needs (P0848, conditionally trivial special members) but still
# advertise 201907L, so with them <expected> is silently empty. Advertise what the compiler does.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 16
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 19)
  target_compile_options(cancelkit_options INTERFACE -Wno-builtin-macro-redefined
                                                     -U__cpp_concepts -D__cpp_concepts=202002L)
endif()

find_package(Threads REQUIRED)
target_link_libraries(cancelkit_options INTERFACE Threads::Threads)

# Every save of a learner's file relinks the programs that test it: the exercise, and where the
# learner writes a test, the solution, the starting code and each graded wrong turn with it. GNU
# ld takes about 1 s of CPU to link one of chapter 5's, mold (Debian's `mold`, which ./kit
# installs) 0.2 s. The default linker where this compiler cannot use mold.
include(CheckLinkerFlag)
check_linker_flag(CXX -fuse-ld=mold CANCELKIT_LINKS_WITH_MOLD)
if(CANCELKIT_LINKS_WITH_MOLD)
  target_link_options(cancelkit_options INTERFACE -fuse-ld=mold)
endif()

# Each save also archives the learner's code into the chapter's library. GNU ar and ranlib load
# every plugin in /usr/lib/bfd-plugins, and clang's packages put LLVM's there: 0.15-0.2 s each,
# twice per save, on a machine that has clang. The compiler's own wrappers (gcc-ar and
# gcc-ranlib; llvm-ar for clang) load only the plugin they need: 0.02 s.
if(CMAKE_CXX_COMPILER_AR AND CMAKE_CXX_COMPILER_RANLIB)
  set(CMAKE_AR "${CMAKE_CXX_COMPILER_AR}")
  set(CMAKE_RANLIB "${CMAKE_CXX_COMPILER_RANLIB}")
endif()

# Compiles a program's or library's sources as one translation unit (CMake's unity build). Each
# test file of the kit includes GoogleTest and GoogleMock, whose headers are most of what the
# compiler reads: as one unit, a program parses them once instead of once per file (the five test
# programs of tests/ took 336 s of CPU to build one file at a time, 110 s as one unit). Only for
# the kit's own code, never a chapter's: a learner's save must recompile one small file, and a
# compile error must point at the learner's file alone. A unity build's compile commands name the
# generated unit, not the files in it, so the editor preset (CANCELKIT_ONE_UNIT_PROGRAMS off)
# compiles file by file: there clangd finds each file's own command.
function(cancelkit_compile_as_one_unit target)
  if(CANCELKIT_ONE_UNIT_PROGRAMS)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 0)
  endif()
endfunction()
