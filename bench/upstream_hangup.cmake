# Chapter 7's upstream figure (bench/README.md, section "Chapter 7"): a client's hang-up crossing
# two servers, the solution's GetFromUpstream in the front, WithDeadlineFromHeader in the upstream.
#   upstream_hangup_bench latency [trials] | hangups [n] | smoke
if(TARGET ch07_clients)
  add_executable(upstream_hangup_bench upstream_hangup_bench.cpp
                                       "${PROJECT_SOURCE_DIR}/solutions/07-network/upstream_call.cpp")
  target_link_libraries(upstream_hangup_bench PRIVATE ch07_clients cancelkit::http_server
                                                      cancelkit::httptest cancelkit::options
                                                      cancelkit::spies)

  # A few hang-ups, so that a crash, a hang or a call that is no longer stopped is caught.
  add_test(NAME upstream_hangup_bench.smoke COMMAND upstream_hangup_bench smoke)
  set_tests_properties(upstream_hangup_bench.smoke PROPERTIES LABELS "bench" TIMEOUT 120)
endif()
