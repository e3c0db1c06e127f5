# The build reads chapters/chapters.toml with the kit CLI's own parser (tools/kit/src/manifest.cpp,
# toml++), never a second one: at configure time it compiles that parser, once per build tree,
# into a small program (tools/kit/manifest_to_cmake.cpp) that prints the manifest as CMake global
# properties, and includes what it prints. cancelkit_manifest_value() then reads them.
#
# A manifest the CLI would reject stops the configuration with the CLI's own message.

set(_cancelkit_manifest_file "${PROJECT_SOURCE_DIR}/chapters/chapters.toml")
set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
                                                               "${_cancelkit_manifest_file}")

function(_cancelkit_load_manifest)
  set(work_dir "${CMAKE_BINARY_DIR}/cancelkit_manifest")
  set(reader "${work_dir}/manifest_to_cmake")
  set(sources "${PROJECT_SOURCE_DIR}/tools/kit/manifest_to_cmake.cpp"
              "${PROJECT_SOURCE_DIR}/tools/kit/src/manifest.cpp"
              "${PROJECT_SOURCE_DIR}/tools/kit/src/manifest.h")
  # Compiled again only when its sources change: toml++ takes seconds to compile.
  set(stale FALSE)
  foreach(source IN LISTS sources)
    set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
                                                                   "${source}")
    if(NOT EXISTS "${reader}" OR "${source}" IS_NEWER_THAN "${reader}")
      set(stale TRUE)
    endif()
  endforeach()
  if(stale)
    list(FILTER sources INCLUDE REGEX "\\.cpp$")
    # The kit's own compiler flags (cancelkit::options): clang 16 to 18 need its __cpp_concepts
    # fix to see std::expected at all. try_compile puts definitions before the other flags, so
    # its -U would undo the -D: without it, the -D redefines the built-in value all the same.
    # Not -Werror: this program is no lesson.
    get_target_property(kit_flags cancelkit_options INTERFACE_COMPILE_OPTIONS)
    if(NOT kit_flags)
      set(kit_flags "")
    endif()
    list(REMOVE_ITEM kit_flags -Werror -U__cpp_concepts)
    try_compile(
      compiled "${work_dir}/build"
      SOURCES ${sources}
      CMAKE_FLAGS "-DINCLUDE_DIRECTORIES=${PROJECT_SOURCE_DIR}/tools/kit/src"
      COMPILE_DEFINITIONS ${kit_flags}
      LINK_LIBRARIES tomlplusplus::tomlplusplus
      CXX_STANDARD 23
      CXX_STANDARD_REQUIRED ON
      CXX_EXTENSIONS OFF
      OUTPUT_VARIABLE compiler_output
      COPY_FILE "${reader}")
    if(NOT compiled)
      message(FATAL_ERROR "Could not compile the manifest's reader "
                          "(tools/kit/manifest_to_cmake.cpp):\n${compiler_output}")
    endif()
  endif()
  execute_process(
    COMMAND "${reader}" "${_cancelkit_manifest_file}"
    OUTPUT_VARIABLE manifest_cmake
    ERROR_VARIABLE error
    RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${error}")
  endif()
  file(WRITE "${work_dir}/manifest.cmake" "${manifest_cmake}")
  include("${work_dir}/manifest.cmake")
endfunction()

_cancelkit_load_manifest()

# The manifest's `key` for chapter `number` (as chapters.toml spells it: "05"): a string, a number
# of milliseconds, TRUE/FALSE, or a CMake list of names. Empty for a chapter the manifest lacks.
function(cancelkit_manifest_value number key out_var)
  get_property(value GLOBAL PROPERTY CANCELKIT_CHAPTER_${number}_${key})
  set(${out_var} "${value}" PARENT_SCOPE)
endfunction()
