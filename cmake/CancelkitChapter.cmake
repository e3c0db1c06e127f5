# cancelkit_add_chapter(<NN> <dir> [TIMEOUT_MS <ms>])
#
# Builds one chapter's tests twice:
#   chNN_exercise  against the learner's files in chapters/<dir>/   (ctest labels: chNN, exercise)
#   chNN_solution  against the same files in solutions/<dir>/       (ctest labels: solution, solNN)
#
# The learner's files are the .cpp files found in solutions/<dir>/ (that folder holds exactly the
# files a learner edits, as chapters.toml lists them). Each variant compiles them into a small
# library. The chapter's tests (chapters/<dir>/*_test.cpp) are compiled once, into an OBJECT
# library that both executables link: saving server.cpp recompiles one small file and relinks.
# Headers the learner reads but does not edit (store.h, server.h) live in chapters/<dir>/ only.
#
# Each test gets TIMEOUT_MS (default 5000) as its hang-watchdog limit. If the kit's CLI is part of
# the build, selfcheck.chNN checks that the exercise fails exactly as chapters.toml says.
function(cancelkit_add_chapter number dir)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "TIMEOUT_MS" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "cancelkit_add_chapter(${number}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_TIMEOUT_MS)
    set(arg_TIMEOUT_MS 5000)
  endif()

  set(exercise_dir "${PROJECT_SOURCE_DIR}/chapters/${dir}")
  set(solution_dir "${PROJECT_SOURCE_DIR}/solutions/${dir}")
  file(GLOB learner_files RELATIVE "${solution_dir}" CONFIGURE_DEPENDS "${solution_dir}/*.cpp")
  file(GLOB test_files CONFIGURE_DEPENDS "${exercise_dir}/*_test.cpp")
  if(NOT learner_files OR NOT test_files)
    message(FATAL_ERROR "chapter ${number}: expected the learner's .cpp files in ${solution_dir} "
                        "and *_test.cpp files in ${exercise_dir}")
  endif()

  set(chapter "ch${number}")

  # The tests, compiled once. They see the chapter's headers, the spies and GoogleMock.
  add_library(${chapter}_tests OBJECT ${test_files})
  target_include_directories(${chapter}_tests PRIVATE "${exercise_dir}")
  target_link_libraries(${chapter}_tests PUBLIC cancelkit::spies cancelkit::http
                                                cancelkit::gtest_main cancelkit::options)

  foreach(variant IN ITEMS exercise solution)
    if(variant STREQUAL "exercise")
      set(source_dir "${exercise_dir}")
      set(prefix "${chapter}.")
      set(labels "${chapter}\\;exercise")
    else()
      set(source_dir "${solution_dir}")
      set(prefix "sol${number}.")
      set(labels "solution\\;sol${number}") # never "chNN": ctest -L takes a regex
    endif()
    list(TRANSFORM learner_files PREPEND "${source_dir}/" OUTPUT_VARIABLE sources)

    # The learner's code: no GoogleTest here, so it compiles in a blink.
    add_library(${chapter}_${variant}_code STATIC ${sources})
    target_include_directories(${chapter}_${variant}_code PUBLIC "${exercise_dir}")
    target_link_libraries(${chapter}_${variant}_code PUBLIC cancelkit::http cancelkit::options)

    add_executable(${chapter}_${variant})
    target_link_libraries(${chapter}_${variant} PRIVATE ${chapter}_tests
                                                        ${chapter}_${variant}_code)
    set_target_properties(${chapter}_${variant} PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                                           "${CMAKE_BINARY_DIR}/chapters")
    # PRE_TEST: the tests are listed when CTest runs, so code that compiles but crashes when it
    # starts fails its tests instead of the build.
    gtest_discover_tests(
      ${chapter}_${variant}
      TEST_PREFIX "${prefix}"
      DISCOVERY_MODE PRE_TEST
      PROPERTIES LABELS "${labels}" ENVIRONMENT "CANCELKIT_TEST_TIMEOUT_MS=${arg_TIMEOUT_MS}")
  endforeach()

  if(TARGET kit_cli)
    add_test(NAME selfcheck.${chapter}
             COMMAND kit_cli selfcheck ${number} --manifest
                     "${PROJECT_SOURCE_DIR}/chapters/chapters.toml" --exercise
                     $<TARGET_FILE:${chapter}_exercise>)
    set_tests_properties(selfcheck.${chapter} PROPERTIES LABELS selfcheck)
  endif()
endfunction()
