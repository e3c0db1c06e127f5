# The chapter-4 server adapter's figures (bench/README.md, section "The server adapter").
#   hangup_bench latency | disconnects [n] | capacity    measurements, printed as a table
#   hangup_bench serve-adapter PORT | serve-bare PORT  servers for wrk (server_throughput.sh)
add_executable(hangup_bench hangup_bench.cpp)
target_link_libraries(hangup_bench PRIVATE cancelkit::http_server cancelkit::httptest
                                           cancelkit::httplib cancelkit::options cancelkit::spies)

# One short run of each measurement, so that a crash or a hang is caught by ctest.
add_test(NAME hangup_bench.smoke COMMAND hangup_bench smoke)
set_tests_properties(hangup_bench.smoke PROPERTIES LABELS "bench" TIMEOUT 120)

# The server under hostile clients: slowloris, idle floods, huge uploads, hang-ups (one table;
# bench/hostile_clients.sh runs it and records the load).
add_executable(hostile_bench hostile_bench.cpp)
target_link_libraries(hostile_bench PRIVATE cancelkit::http_server cancelkit::httptest
                                            cancelkit::options)
add_test(NAME hostile_bench.smoke COMMAND hostile_bench smoke)
set_tests_properties(hostile_bench.smoke PROPERTIES LABELS "bench" TIMEOUT 120)

# The HTTP/2 server's figures (bench/README.md, section "HTTP/2"): a stream reset's latency beside
# an HTTP/1.1 hang-up's, a Rapid Reset flood, 10,000 streams; bench/http2_figures.sh runs them and
# h2load against wrk.
add_executable(http2_bench http2_bench.cpp)
target_link_libraries(http2_bench PRIVATE cancelkit::http_server cancelkit::httptest
                                          cancelkit::options cancelkit::spies)
add_test(NAME http2_bench.smoke COMMAND http2_bench smoke)
set_tests_properties(http2_bench.smoke PROPERTIES LABELS "bench" TIMEOUT 120)
