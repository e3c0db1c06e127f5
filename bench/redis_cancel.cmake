# Chapter 7's Redis figure (bench/README.md, section "Chapter 7"): cancel -> a Call blocked on a
# real redis-server returns; 1,000 cancels in a row leave nothing behind. Measures the solved
# chapter's redis_call.cpp.
#   redis_cancel_bench [trials]   p50/p90/p99/max over `trials` cancels (default 1000)
if(TARGET ch07_clients)
  add_executable(redis_cancel_bench redis_cancel_bench.cpp
                                    "${PROJECT_SOURCE_DIR}/solutions/07-network/redis_call.cpp")
  target_link_libraries(redis_cancel_bench PRIVATE ch07_clients cancelkit::redis_server
                                                   cancelkit::options)

  # A few cancels, so that a crash, a hang, a lost cancel or a leak is caught.
  add_test(NAME redis_cancel_bench.smoke COMMAND redis_cancel_bench smoke)
  set_tests_properties(redis_cancel_bench.smoke PROPERTIES LABELS "bench" TIMEOUT 120)
endif()
