# Writes the starting code of a chapter's learner files into the build tree, for the program that
# runs the learner's test against it (chNN_start, cmake/CancelkitChapter.cmake):
#   cmake -DROOT=<the kit> -DDIR=<chapter dir> -DFILES=a.cpp,b.cpp -DOUT=<folder> -P <this file>
# The starting code is what the kit's git history holds (HEAD), as for `kit reset`
# (tools/kit/src/workspace.h), never the learner's file, which is theirs to change. A file is
# rewritten only when its content changed, so that nothing is recompiled after a plain save.
foreach(variable IN ITEMS ROOT DIR FILES OUT)
  if(NOT ${variable})
    message(FATAL_ERROR "WriteStartingCode.cmake needs -D${variable}=...")
  endif()
endforeach()

string(REPLACE "," ";" files "${FILES}")
file(MAKE_DIRECTORY "${OUT}")
foreach(name IN LISTS files)
  set(in_repository "chapters/${DIR}/${name}")
  execute_process(COMMAND git -C "${ROOT}" show "HEAD:${in_repository}" RESULT_VARIABLE result
                  OUTPUT_VARIABLE content ERROR_QUIET)
  if(NOT result EQUAL 0)
    # Not a git clone (an unpacked archive, say): the file as it is now is the best guess, and the
    # kit's own tests run on an untouched tree. `kit reset` needs git, and says so.
    message(STATUS "no git history for ${in_repository}: taking the file as it is now")
    file(READ "${ROOT}/${in_repository}" content)
  endif()
  file(WRITE "${OUT}/${name}.new" "${content}")
  file(COPY_FILE "${OUT}/${name}.new" "${OUT}/${name}" ONLY_IF_DIFFERENT)
  file(REMOVE "${OUT}/${name}.new")
endforeach()
