# Every third-party package the kit uses, all from Debian's archive. A missing one stops configure
# with the name of the package to install (./kit installs them all for you).

function(cancelkit_require found package_name debian_package)
  if(NOT ${found})
    message(FATAL_ERROR "cancelkit needs ${package_name}, which was not found.\n"
                        "Install it with:  sudo apt-get install ${debian_package}\n"
                        "(or simply run ./kit, which installs everything that is missing)")
  endif()
endfunction()

find_package(GTest QUIET)
cancelkit_require(GTest_FOUND "GoogleTest and GoogleMock" "libgtest-dev libgmock-dev")
if(NOT TARGET GTest::gmock)
  cancelkit_require(FALSE "GoogleMock" "libgmock-dev")
endif()

# cpp-httplib: newer releases install a CMake package; Debian's (0.11.4 in bookworm, 0.18.7 in
# trixie) ships only a pkg-config file (and a compiled library). Either way the kit links
# cancelkit::httplib.
find_package(httplib CONFIG QUIET)
if(httplib_FOUND)
  add_library(cancelkit::httplib ALIAS httplib::httplib)
else()
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(CPP_HTTPLIB QUIET IMPORTED_TARGET GLOBAL cpp-httplib)
  endif()
  cancelkit_require(CPP_HTTPLIB_FOUND "cpp-httplib" "libcpp-httplib-dev pkg-config")
  # Debian's Cflags turn on cpp-httplib's OpenSSL, zlib and Brotli support, so code inlined from
  # httplib.h into our own objects may call those libraries (0.18's does: its thread pool calls
  # OpenSSL). The .pc lists them under Requires.private, which pkg-config only expands for a
  # static link: link what `pkg-config --static --libs` gives, whatever the version.
  target_link_libraries(PkgConfig::CPP_HTTPLIB INTERFACE ${CPP_HTTPLIB_STATIC_LDFLAGS})
  add_library(cancelkit::httplib ALIAS PkgConfig::CPP_HTTPLIB)
endif()

find_package(SQLite3 QUIET)
cancelkit_require(SQLite3_FOUND "SQLite 3" "libsqlite3-dev")

find_package(tomlplusplus QUIET)
cancelkit_require(tomlplusplus_FOUND "toml++" "libtomlplusplus-dev")

find_package(CLI11 QUIET)
cancelkit_require(CLI11_FOUND "CLI11" "libcli11-dev")

find_package(fmt QUIET)
cancelkit_require(fmt_FOUND "{fmt}" "libfmt-dev")

find_package(nlohmann_json QUIET)
cancelkit_require(nlohmann_json_FOUND "nlohmann/json" "nlohmann-json3-dev")

find_path(DTL_INCLUDE_DIR dtl/dtl.hpp)
cancelkit_require(DTL_INCLUDE_DIR "dtl (the diff template library)" "libdtl-dev")
add_library(cancelkit_dtl INTERFACE)
add_library(cancelkit::dtl ALIAS cancelkit_dtl)
target_include_directories(cancelkit_dtl SYSTEM INTERFACE "${DTL_INCLUDE_DIR}")

if(CANCELKIT_BENCHMARKS)
  find_package(benchmark QUIET)
  cancelkit_require(benchmark_FOUND "Google Benchmark" "libbenchmark-dev")
endif()
