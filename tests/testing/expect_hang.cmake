# Runs PROGRAM with a 300 ms test limit; passes if the watchdog stopped it the documented way.
set(ENV{CANCELKIT_TEST_TIMEOUT_MS} 300)
execute_process(COMMAND "${PROGRAM}" OUTPUT_VARIABLE output RESULT_VARIABLE exit_code)
set(expected_line "[  HANG    ] Watchdog.HangsForever the test did not finish within 300 ms: ")
string(FIND "${output}" "\n${expected_line}" at)
if(NOT exit_code EQUAL 124 OR at EQUAL -1)
  message(FATAL_ERROR "expected exit code 124 and a line starting with '${expected_line}', got "
                      "exit code ${exit_code} and:\n${output}")
endif()
message(STATUS "watchdog stopped the hanging test: exit code ${exit_code}")
