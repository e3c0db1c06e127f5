# Prepares the temporary copy of the kit that the CLI's end-to-end tests work on:
#   cmake -DSOURCE=<the kit> -DCOPY=<folder> -P e2e_setup.cmake
# Only what a learner's build needs is copied (no build trees, no .git); the copy becomes a git
# repository of its own, because `kit reset` restores the starting code from git. Then the copy's
# dev build is configured and chapter 1 built once, so each test only rebuilds what it changed.
foreach(variable IN ITEMS SOURCE COPY)
  if(NOT ${variable})
    message(FATAL_ERROR "e2e_setup.cmake needs -D${variable}=...")
  endif()
endforeach()

file(REMOVE_RECURSE "${COPY}")
file(MAKE_DIRECTORY "${COPY}")
foreach(item IN ITEMS CMakeLists.txt CMakePresets.json .clang-format cmake lib spies chapters po
                      solutions tools tests bench)
  if(EXISTS "${SOURCE}/${item}")
    file(COPY "${SOURCE}/${item}" DESTINATION "${COPY}")
  endif()
endforeach()
file(WRITE "${COPY}/.gitignore" "/build/\n/.kit/\n")

function(run)
  execute_process(COMMAND ${ARGV} WORKING_DIRECTORY "${COPY}" RESULT_VARIABLE result
                  OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${ARGV} failed:\n${output}")
  endif()
endfunction()

set(git git -c user.name=kit-e2e -c user.email=kit-e2e@invalid -c init.defaultBranch=main)
run(${git} init --quiet)
run(${git} add --all)
run(${git} commit --quiet -m "the kit, as a learner clones it")
# Benchmarks are not needed here and cost configure time.
run(${CMAKE_COMMAND} --preset dev -DCANCELKIT_BENCHMARKS=OFF)
# The exercise, and the programs that grade the learner's test (chapters.toml: grades_against,
# and red_at_start: the test with the starting code).
run(${CMAKE_COMMAND} --build build/dev -j 2 --target ch01_exercise ch01_solution
    ch01_wrong_hard-coded-body ch01_wrong_error-status ch01_wrong_appends-newline ch01_start)
