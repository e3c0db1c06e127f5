# Chapter 5's figure (bench/README.md, section "Chapter 5"): client hang-up -> SQL statement
# stopped, through the real server and a real SQLite file. Measures the solved chapter's code.
#   hangup_sql [trials]   p50/p90/p99/max over `trials` hang-ups (default 1000)
if(TARGET ch05_solution_code)
  add_executable(hangup_sql hangup_sql.cpp)
  target_link_libraries(hangup_sql PRIVATE ch05_solution_code cancelkit::spies
                                           cancelkit::http_server cancelkit::httptest
                                           cancelkit::options)

  # A few hang-ups, so that a crash, a hang or a statement that no longer stops is caught.
  add_test(NAME hangup_sql.smoke COMMAND hangup_sql smoke)
  set_tests_properties(hangup_sql.smoke PROPERTIES LABELS "bench" TIMEOUT 120)
endif()

# Chapter 5's audit log under a burst: batches against one transaction per entry
# (bench/README.md, section "Chapter 5").
if(TARGET ch05_support)
  add_executable(audit_flush audit_flush.cpp)
  target_link_libraries(audit_flush PRIVATE ch05_support cancelkit::spies cancelkit::options)
  target_sources(audit_flush PRIVATE "${PROJECT_SOURCE_DIR}/solutions/05-propagation/query.cpp")
  add_test(NAME audit_flush.smoke COMMAND audit_flush smoke)
  set_tests_properties(audit_flush.smoke PROPERTIES LABELS "bench" TIMEOUT 120)
endif()
