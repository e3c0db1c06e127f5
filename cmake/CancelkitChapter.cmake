# cancelkit_add_chapter(<NN> <dir> [TIMEOUT_MS <ms>] [SUPPORT <target>...]
#                       [TEST_LIBRARIES <target>...])
#
# Builds one chapter's tests against each version of the learner's files:
#   chNN_exercise  the learner's files in chapters/<dir>/   (ctest labels: chNN, exercise)
#   chNN_solution  the same files in solutions/<dir>/       (ctest labels: solution, solNN)
#   chNN_wrong_<slug>, chNN_right_<slug>
#                  each wrong and right turn, solutions/<dir>/wrong/<slug>/ and right/<slug>/:
#                  the turn's files, and the solution's for the learner files it leaves out
#                  (ctest: wrongNN.<slug> / rightNN.<slug>, labels turns, turnNN)
#
#   chNN_model_solution, chNN_model_wrong_<slug>
#                  the plain build only, for a chapter whose learner writes a test (chapters.toml:
#                  test_files, grades_against): the model test alone (solutions/<dir>/, same
#                  name), against the solution and each graded wrong turn (ctest:
#                  grade.chNN.start / grade.chNN.model, label selfcheck)
#   chNN_start, chNN_model_start
#                  the plain build only, where the learner's test step is red first
#                  (chapters.toml: red_at_start = true): the learner's test, and the model test,
#                  against the starting code, which cmake/WriteStartingCode.cmake writes into
#                  build/<preset>/chapters/start/<dir>/ from git HEAD (as `kit reset` restores it)
# The learner's test itself is linked into chNN_exercise, chNN_solution, the graded
# chNN_wrong_<slug> and chNN_start, where `kit check` runs it alone; the model test into the right
# turns.
#
# SUPPORT: the chapter's code the learner reads but does not edit, linked into every version.
# TEST_LIBRARIES: what the chapter's tests need on top of the spies and the HTTP layer.
#
# The learner's files are the .cpp files found in solutions/<dir>/ (that folder holds exactly the
# files a learner edits, as chapters.toml lists them), but for the model test. Each variant compiles them into a small
# library. The chapter's tests (chapters/<dir>/*_test.cpp) are compiled once, into an OBJECT
# library that both executables link: saving server.cpp recompiles one small file and relinks.
# Headers the learner reads but does not edit (store.h, server.h) live in chapters/<dir>/ only.
#
# Each test runs under the hang watchdog of cancelkit::gtest_main. Its limit is TIMEOUT_MS, or
# else the chapter's timeout_ms in chapters/chapters.toml, or else 5000; its diagnosis is the
# chapter's hang_diagnosis. If the kit's CLI is part of the build, selfcheck.chNN checks that the
# exercise fails exactly as chapters.toml says, and each turn's test that the chapter's tests
# reject the wrong turn in the build its header names ([plain], or [race]/[asan] in the tsan/asan
# build; skipped and not built in the others) and accept the right one in every build (see
# tools/kit/src/turns.h).
# lesson.chNN (label lessons) checks that the lesson's annotated outputs and its commands match
# what this build prints and has (kit_cli dev lessons).

include(CancelkitManifest)

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

# The learner's test is recompiled on every save as well, and GoogleTest's and GoogleMock's
# headers are most of its compile time. Plain build only, where `kit check` grades it: the
# sanitizer builds compile it once and never again. The kit's printers for standard types come
# through this header too: GCC uses a precompiled header only if nothing is included before it,
# so cancelkit::gtest_printers force-includes them only into targets without one.
function(_cancelkit_precompile_test_headers target)
  get_property(owner GLOBAL PROPERTY CANCELKIT_TEST_PCH_OWNER)
  if(owner)
    target_precompile_headers(${target} REUSE_FROM ${owner})
  else()
    target_precompile_headers(
      ${target} PRIVATE <cancelkit_testing/std_printers.h> <gtest/gtest.h> <string> <context/context.h>
      <http/handler.h> <http/status.h> <httptest/request.h> <httptest/response_recorder.h>)
    set_property(GLOBAL PROPERTY CANCELKIT_TEST_PCH_OWNER ${target})
  endif()
endfunction()

# The build a turn's run happens in, as its header names it: plain, race (ThreadSanitizer) or
# asan (AddressSanitizer + UBSan). Read from the sanitizer flags the preset sets.
function(_cancelkit_build_kind out_var)
  if(CMAKE_CXX_FLAGS MATCHES "-fsanitize=[^ ]*thread")
    set(${out_var} race PARENT_SCOPE)
  elseif(CMAKE_CXX_FLAGS MATCHES "-fsanitize=[^ ]*address")
    set(${out_var} asan PARENT_SCOPE)
  else()
    set(${out_var} plain PARENT_SCOPE)
  endif()
endfunction()

# The build a wrong turn is checked in, from its header (`// wrong turn [race]: ...`, the first
# line of each of its files): plain, race or asan; empty for a right turn or an unreadable header.
# Only to decide whether to build it here: kit_cli dev selfcheck reads the header properly, and a
# header it rejects fails that turn's test whatever this guessed.
function(_cancelkit_turn_build_kind turn_dir out_var)
  file(GLOB turn_files "${turn_dir}/*")
  list(GET turn_files 0 first_file)
  file(STRINGS "${first_file}" header LIMIT_COUNT 1)
  if(header MATCHES "^// wrong turn \\[(plain|race|asan)\\]:")
    set(${out_var} ${CMAKE_MATCH_1} PARENT_SCOPE)
  else()
    set(${out_var} "" PARENT_SCOPE)
  endif()
endfunction()

# One version of the learner's code (`sources`) linked with `tests` (OBJECT libraries of tests)
# into the program build/<preset>/chapters/<name>. The caller registers its ctest tests. Called
# from cancelkit_add_chapter, whose exercise_dir and arg_SUPPORT it reads.
function(_cancelkit_add_chapter_program name sources tests)
  # The learner's code: no GoogleTest here, so it compiles in a blink.
  add_library(${name}_code STATIC ${sources})
  target_include_directories(${name}_code PUBLIC "${exercise_dir}")
  target_link_libraries(${name}_code PUBLIC ${arg_SUPPORT} cancelkit::http cancelkit::options)
  _cancelkit_precompile_learner_headers(${name}_code)

  add_executable(${name})
  target_link_libraries(${name} PRIVATE ${tests} ${name}_code)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/chapters")
endfunction()

# An OBJECT library of test sources that see the chapter's headers, the spies and GoogleMock.
function(_cancelkit_add_tests name sources)
  add_library(${name} OBJECT ${sources})
  target_include_directories(${name} PRIVATE "${exercise_dir}")
  target_link_libraries(${name} PUBLIC cancelkit::spies cancelkit::http cancelkit::httptest
                                       cancelkit::gtest_main cancelkit::options
                                       ${arg_TEST_LIBRARIES})
endfunction()

function(cancelkit_add_chapter number dir)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "TIMEOUT_MS" "SUPPORT;TEST_LIBRARIES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "cancelkit_add_chapter(${number}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_TIMEOUT_MS)
    cancelkit_manifest_value(${number} timeout_ms arg_TIMEOUT_MS)
  endif()
  if(NOT arg_TIMEOUT_MS)
    set(arg_TIMEOUT_MS 5000)
  endif()
  cancelkit_manifest_value(${number} hang_diagnosis hang_diagnosis)
  set(environment "CANCELKIT_TEST_TIMEOUT_MS=${arg_TIMEOUT_MS}")
  if(hang_diagnosis)
    string(REPLACE ";" "," hang_diagnosis "${hang_diagnosis}") # a ; would split the list
    list(APPEND environment "CANCELKIT_HANG_DIAGNOSIS=${hang_diagnosis}")
  endif()

  set(exercise_dir "${PROJECT_SOURCE_DIR}/chapters/${dir}")
  set(solution_dir "${PROJECT_SOURCE_DIR}/solutions/${dir}")
  set(manifest_file "${PROJECT_SOURCE_DIR}/chapters/chapters.toml")
  # The test the learner writes (chapters.toml's test_files; the model test has the same name in
  # solutions/<dir>/), and the wrong turns it is graded against.
  cancelkit_manifest_value(${number} test_files learner_test_names)
  cancelkit_manifest_value(${number} grades_against graded_slugs)
  cancelkit_manifest_value(${number} red_at_start red_at_start)
  file(GLOB learner_files RELATIVE "${solution_dir}" CONFIGURE_DEPENDS "${solution_dir}/*.cpp")
  file(GLOB test_files CONFIGURE_DEPENDS "${exercise_dir}/*_test.cpp")
  foreach(name IN LISTS learner_test_names)
    list(REMOVE_ITEM learner_files "${name}")
    list(REMOVE_ITEM test_files "${exercise_dir}/${name}")
  endforeach()
  if(NOT learner_files OR NOT test_files)
    message(FATAL_ERROR "chapter ${number}: expected the learner's .cpp files in ${solution_dir} "
                        "and *_test.cpp files in ${exercise_dir}")
  endif()

  set(chapter "ch${number}")
  _cancelkit_build_kind(build_kind)

  # The kit's tests, compiled once.
  _cancelkit_add_tests(${chapter}_tests "${test_files}")
  set(kit_tests ${chapter}_tests)
  set(with_your_tests ${chapter}_tests)
  set(with_model_tests ${chapter}_tests)
  if(learner_test_names)
    # The learner's test joins the chapter's tests in the programs `kit check` runs: the exercise,
    # the solution and the graded wrong turns (run alone there with a --gtest_filter), so a save
    # of it compiles one file and relinks those programs, and adds no program to any build.
    list(TRANSFORM learner_test_names PREPEND "${exercise_dir}/" OUTPUT_VARIABLE sources)
    _cancelkit_add_tests(${chapter}_your_tests "${sources}")
    list(APPEND with_your_tests ${chapter}_your_tests)
    if(build_kind STREQUAL "plain")
      _cancelkit_precompile_test_headers(${chapter}_your_tests)
    endif()
    # The model test is proven in the plain build only: with the right turns' programs (which
    # must pass it) and in programs of its own against the solution and the graded wrong turns.
    if(build_kind STREQUAL "plain")
      list(TRANSFORM learner_test_names PREPEND "${solution_dir}/" OUTPUT_VARIABLE sources)
      _cancelkit_add_tests(${chapter}_model_tests "${sources}")
      list(APPEND with_model_tests ${chapter}_model_tests)
    endif()
  endif()

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
    _cancelkit_add_chapter_program(${chapter}_${variant} "${sources}" "${with_your_tests}")

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

  # The turns: each folder's files stand in for the solution's files of the same name.
  file(GLOB turn_dirs LIST_DIRECTORIES true CONFIGURE_DEPENDS "${solution_dir}/wrong/*"
       "${solution_dir}/right/*")
  foreach(turn_dir IN LISTS turn_dirs)
    if(NOT IS_DIRECTORY "${turn_dir}")
      continue()
    endif()
    get_filename_component(slug "${turn_dir}" NAME)
    get_filename_component(kind_dir "${turn_dir}" DIRECTORY)
    get_filename_component(kind "${kind_dir}" NAME)
    file(GLOB turn_files RELATIVE "${turn_dir}" CONFIGURE_DEPENDS "${turn_dir}/*")
    set(sources "")
    foreach(file IN LISTS learner_files)
      if(file IN_LIST turn_files)
        list(APPEND sources "${turn_dir}/${file}")
      else()
        list(APPEND sources "${solution_dir}/${file}")
      endif()
    endforeach()
    set(program ${chapter}_${kind}_${slug})
    # A wrong turn is proven in the build its header names, and skipped (unbuilt) in the others:
    # the sanitizer builds would only prove the plain ones again, several times slower.
    _cancelkit_turn_build_kind("${turn_dir}" checked_in)
    if(kind STREQUAL "wrong" AND checked_in AND NOT checked_in STREQUAL build_kind)
      set(program_file "${CMAKE_BINARY_DIR}/chapters/${program}") # never built here
    else()
      set(tests ${kit_tests})
      if(kind STREQUAL "right")
        set(tests ${with_model_tests})
      elseif(slug IN_LIST graded_slugs)
        set(tests ${with_your_tests})
      endif()
      _cancelkit_add_chapter_program(${program} "${sources}" "${tests}")
      set(program_file $<TARGET_FILE:${program}>)
    endif()

    if(TARGET kit_cli)
      add_test(NAME ${kind}${number}.${slug}
               COMMAND kit_cli dev selfcheck ${number} --manifest "${manifest_file}" --turn
                       "${turn_dir}" --program "${program_file}" --build ${build_kind})
      set_tests_properties(${kind}${number}.${slug} PROPERTIES LABELS "turns;turn${number}"
                                                               SKIP_RETURN_CODE 77)
    endif()
  endforeach()

  # The starting code, where the learner's test must fail first: the learner files as the kit's
  # git history has them, rewritten (only when they differ) before each build that needs them, so
  # the learner's own files are never touched and a save of their test relinks one more program.
  if(TARGET ${chapter}_model_tests AND red_at_start)
    set(start_dir "${CMAKE_BINARY_DIR}/chapters/start/${dir}")
    list(TRANSFORM learner_files PREPEND "${start_dir}/" OUTPUT_VARIABLE start_sources)
    string(REPLACE ";" "," start_names "${learner_files}")
    add_custom_target(
      ${chapter}_starting_code
      COMMAND "${CMAKE_COMMAND}" "-DROOT=${PROJECT_SOURCE_DIR}" "-DDIR=${dir}"
              "-DFILES=${start_names}" "-DOUT=${start_dir}" -P
              "${PROJECT_SOURCE_DIR}/cmake/WriteStartingCode.cmake"
      BYPRODUCTS ${start_sources}
      VERBATIM)
    _cancelkit_add_chapter_program(${chapter}_start "${start_sources}" "${chapter}_your_tests")
    add_dependencies(${chapter}_start_code ${chapter}_starting_code)
    set(start_variant start)
  else()
    set(start_variant "")
  endif()

  # The model test alone, against the code it must accept and the wrong turns it must catch (and
  # the starting code it must fail on): links of code already compiled for the programs above.
  if(TARGET ${chapter}_model_tests)
    foreach(variant IN LISTS graded_slugs start_variant ITEMS solution)
      set(code ${chapter}_${variant}_code)
      if(NOT variant STREQUAL "solution" AND NOT variant STREQUAL "start")
        set(code ${chapter}_wrong_${variant}_code)
        set(variant wrong_${variant})
      endif()
      if(NOT TARGET ${code})
        message(FATAL_ERROR "chapter ${number}: grades_against names ${variant}, which is not a "
                            "[plain] wrong turn in ${solution_dir}/wrong/")
      endif()
      add_executable(${chapter}_model_${variant})
      target_link_libraries(${chapter}_model_${variant} PRIVATE ${chapter}_model_tests ${code})
      set_target_properties(${chapter}_model_${variant}
                            PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/chapters")
    endforeach()
    if(TARGET kit_cli)
      # grade.chNN.start: the starting test passes on the solution and lets every graded wrong
      # turn through; grade.chNN.model: the model test passes there and catches every one.
      foreach(version IN ITEMS start model)
        add_test(NAME grade.${chapter}.${version}
                 COMMAND kit_cli dev selfcheck ${number} --manifest "${manifest_file}" --grade
                         ${version} --programs-dir "${CMAKE_BINARY_DIR}/chapters")
        set_tests_properties(grade.${chapter}.${version} PROPERTIES LABELS selfcheck)
      endforeach()
    endif()
  endif()

  if(TARGET kit_cli)
    add_test(NAME selfcheck.${chapter}
             COMMAND kit_cli dev selfcheck ${number} --manifest "${manifest_file}" --exercise
                     $<TARGET_FILE:${chapter}_exercise> --build ${build_kind})
    set_tests_properties(selfcheck.${chapter} PROPERTIES LABELS selfcheck)
    # The lesson's doc-tests: its pasted outputs against what the programs print in this build,
    # its commands against the presets, tests and verbs there are.
    add_test(NAME lesson.${chapter}
             COMMAND kit_cli --root "${PROJECT_SOURCE_DIR}" --color never dev lessons ${number}
                     --build-dir "${CMAKE_BINARY_DIR}")
    set_tests_properties(lesson.${chapter} PROPERTIES LABELS lessons)
  endif()
endfunction()
