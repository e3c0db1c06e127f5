# The dependency rule of docs/ARCHITECTURE.md, checked when the build is configured: a target
# links only targets of its own layer or of a layer below it, so that no library comes to need a
# lesson, nor a lesson its solution's tests. A target's layer is the folder it is defined in:
#
#   0  lib/context      1  lib/http      2  lib/testing      3  spies/      4  chapters/
#   5  tests/, bench/ (on top: anything, the CLI's code included)
#   tools/ is apart: the CLI runs the chapters' programs but links none of them, so it may link
#   lib/ only, and only tests/ and bench/ link it.
#
# Targets defined at the top (cancelkit::options, the third-party wrappers) and imported ones
# (GoogleTest, SQLite...) may be linked by anyone. The rule cannot see includes: the one known
# exception, spies/include/spies/chNN/ including its chapter's store.h, is a header-only double
# compiled with the chapter, not a link.

# The layer of `target`, from the folder it is defined in; "" for one anyone may link.
function(_cancelkit_layer_of target out)
  get_target_property(imported ${target} IMPORTED)
  get_target_property(dir ${target} SOURCE_DIR)
  file(RELATIVE_PATH relative "${PROJECT_SOURCE_DIR}" "${dir}")
  set(layers "lib/context=0" "lib/http=1" "lib/testing=2" "spies=3" "chapters=4" "tests=5"
             "bench=5" "tools=tools")
  set(layer "")
  if(NOT imported)
    foreach(entry IN LISTS layers)
      string(REPLACE "=" ";" pair "${entry}")
      list(GET pair 0 prefix)
      list(GET pair 1 number)
      if(relative STREQUAL prefix OR relative MATCHES "^${prefix}/")
        set(layer ${number})
        break()
      endif()
    endforeach()
  endif()
  set(${out} "${layer}" PARENT_SCOPE)
endfunction()

# Every target defined in `dir` and the folders below it.
function(_cancelkit_targets_below dir out)
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirectories DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(subdirectory IN LISTS subdirectories)
    _cancelkit_targets_below("${subdirectory}" more)
    list(APPEND targets ${more})
  endforeach()
  set(${out} "${targets}" PARENT_SCOPE)
endfunction()

# Why `target` (in `layer`) may not link `linked`, or "" when it may.
function(_cancelkit_link_problem target layer linked out)
  set(problem "")
  _cancelkit_layer_of(${linked} linked_layer)
  if(NOT linked_layer STREQUAL "" AND NOT layer STREQUAL "")
    if(layer STREQUAL "tools")
      if(NOT linked_layer MATCHES "^[0-2]$" AND NOT linked_layer STREQUAL "tools")
        set(problem "the CLI (tools/) links lib/ only")
      endif()
    elseif(linked_layer STREQUAL "tools")
      if(layer LESS 5)
        set(problem "only tests/ and bench/ may link the CLI's code")
      endif()
    elseif(linked_layer GREATER layer)
      set(problem "a target links only its own layer or those below it")
    endif()
  endif()
  set(${out} "${problem}" PARENT_SCOPE)
endfunction()

function(cancelkit_check_dependency_rule)
  _cancelkit_targets_below("${PROJECT_SOURCE_DIR}" targets)
  set(violations "")
  foreach(target IN LISTS targets)
    _cancelkit_layer_of(${target} layer)
    get_target_property(type ${target} TYPE)
    set(links "")
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
      get_target_property(links ${target} LINK_LIBRARIES)
    endif()
    get_target_property(interface_links ${target} INTERFACE_LINK_LIBRARIES)
    set(all_links ${links} ${interface_links})  # a PUBLIC link is in both
    list(REMOVE_DUPLICATES all_links)
    foreach(linked IN LISTS all_links)
      # Only our own targets, by name or alias; a generator expression or a plain library is not.
      if(NOT TARGET "${linked}")
        continue()
      endif()
      get_target_property(aliased ${linked} ALIASED_TARGET)
      if(aliased)
        set(linked ${aliased})
      endif()
      _cancelkit_link_problem(${target} "${layer}" ${linked} problem)
      if(problem)
        get_target_property(dir ${target} SOURCE_DIR)
        get_target_property(linked_dir ${linked} SOURCE_DIR)
        file(RELATIVE_PATH dir "${PROJECT_SOURCE_DIR}" "${dir}")
        file(RELATIVE_PATH linked_dir "${PROJECT_SOURCE_DIR}" "${linked_dir}")
        string(APPEND violations "\n  ${target} (${dir}/) links ${linked} (${linked_dir}/): "
                                 "${problem}")
      endif()
    endforeach()
  endforeach()
  if(violations)
    message(FATAL_ERROR "the dependency rule (docs/ARCHITECTURE.md) is broken:${violations}")
  endif()
endfunction()
