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
# Each test runs under the hang watchdog of cancelkit::gtest_main. Its limit is TIMEOUT_MS, or
# else the chapter's timeout_ms in chapters/chapters.toml, or else 5000; its diagnosis is the
# chapter's hang_diagnosis. If the kit's CLI is part of the build, selfcheck.chNN checks that the
# exercise fails exactly as chapters.toml says.

# Reads `key = <value>` (a one-line string or integer, at the start of a line) from the
# [[chapter]] table of chapters.toml whose number is `number`; empty if absent. Enough for the two
# scalars above; the kit's CLI reads the manifest with a real TOML parser. Plain string searches,
# not CMake lists: hints may hold the ';' and '[' that list splitting trips over.
function(_cancelkit_manifest_value number key out_var)
  set(manifest_file "${PROJECT_SOURCE_DIR}/chapters/chapters.toml")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${manifest_file}")
  file(READ "${manifest_file}" manifest)
  set(value "")
  string(FIND "${manifest}" "\nnumber = \"${number}\"" start)
  if(NOT start EQUAL -1)
    string(SUBSTRING "${manifest}" ${start} -1 table)
    string(FIND "${table}" "[[chapter]]" next_table)
    if(NOT next_table EQUAL -1)
      string(SUBSTRING "${table}" 0 ${next_table} table)
    endif()
    if(table MATCHES "\n${key} = \"([^\"\n]*)\"")
      set(value "${CMAKE_MATCH_1}")
    elseif(table MATCHES "\n${key} = ([0-9]+)")
      set(value "${CMAKE_MATCH_1}")
    endif()
  endif()
  set(${out_var} "${value}" PARENT_SCOPE)
endfunction()

# The learner's file is recompiled on every save (./kit watch): precompile the standard and kit
# headers it includes, so that only its own few lines are compiled each time (g++: about 1.3 s of
# CPU without, 0.3 s with). One precompiled header, built by the first chapter, serves them all.
function(_cancelkit_precompile_learner_headers target)
  get_property(owner GLOBAL PROPERTY CANCELKIT_LEARNER_PCH_OWNER)
  if(owner)
    target_precompile_headers(${target} REUSE_FROM ${owner})
  else()
    target_precompile_headers(
      ${target} PRIVATE <condition_variable> <expected> <functional> <mutex> <string> <thread>
      <context/context.h> <http/handler.h>)
    set_property(GLOBAL PROPERTY CANCELKIT_LEARNER_PCH_OWNER ${target})
  endif()
endfunction()

function(cancelkit_add_chapter number dir)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "TIMEOUT_MS" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "cancelkit_add_chapter(${number}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_TIMEOUT_MS)
    _cancelkit_manifest_value(${number} timeout_ms arg_TIMEOUT_MS)
  endif()
  if(NOT arg_TIMEOUT_MS)
    set(arg_TIMEOUT_MS 5000)
  endif()
  _cancelkit_manifest_value(${number} hang_diagnosis hang_diagnosis)
  set(environment "CANCELKIT_TEST_TIMEOUT_MS=${arg_TIMEOUT_MS}")
  if(hang_diagnosis)
    string(REPLACE ";" "," hang_diagnosis "${hang_diagnosis}") # a ; would split the list
    list(APPEND environment "CANCELKIT_HANG_DIAGNOSIS=${hang_diagnosis}")
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
      set(labels "${chapter};exercise")
    else()
      set(source_dir "${solution_dir}")
      set(prefix "sol${number}.")
      set(labels "solution;sol${number}") # never "chNN": ctest -L takes a regex
    endif()
    list(TRANSFORM learner_files PREPEND "${source_dir}/" OUTPUT_VARIABLE sources)

    # The learner's code: no GoogleTest here, so it compiles in a blink.
    add_library(${chapter}_${variant}_code STATIC ${sources})
    target_include_directories(${chapter}_${variant}_code PUBLIC "${exercise_dir}")
    target_link_libraries(${chapter}_${variant}_code PUBLIC cancelkit::http cancelkit::options)
    _cancelkit_precompile_learner_headers(${chapter}_${variant}_code)

    add_executable(${chapter}_${variant})
    target_link_libraries(${chapter}_${variant} PRIVATE ${chapter}_tests
                                                        ${chapter}_${variant}_code)
    set_target_properties(${chapter}_${variant} PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                                           "${CMAKE_BINARY_DIR}/chapters")
    # PRE_TEST: the tests are listed when CTest runs, so code that compiles but crashes when it
    # starts fails its tests instead of the build.
    gtest_discover_tests(${chapter}_${variant} TEST_PREFIX "${prefix}" DISCOVERY_MODE PRE_TEST)

    # Labels and environment are lists, which gtest_discover_tests(PROPERTIES) splits apart in
    # CMake 3.25. So set them from a script CTest runs right after the discovered tests are
    # defined; that script sees their names in ${<target>_TESTS}.
    set(properties_script "${CMAKE_CURRENT_BINARY_DIR}/${chapter}_${variant}_properties.cmake")
    file(CONFIGURE OUTPUT "${properties_script}" @ONLY CONTENT [==[
if(@chapter@_@variant@_TESTS)
  set_tests_properties(${@chapter@_@variant@_TESTS} PROPERTIES
    LABELS [=[@labels@]=]
    ENVIRONMENT [=[@environment@]=])
endif()
]==])
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${properties_script}")
  endforeach()

  if(TARGET kit_cli)
    add_test(NAME selfcheck.${chapter}
             COMMAND kit_cli selfcheck ${number} --manifest
                     "${PROJECT_SOURCE_DIR}/chapters/chapters.toml" --exercise
                     $<TARGET_FILE:${chapter}_exercise>)
    set_tests_properties(selfcheck.${chapter} PROPERTIES LABELS selfcheck)
  endif()
endfunction()
