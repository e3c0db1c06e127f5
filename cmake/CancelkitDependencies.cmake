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
  # OpenSSL). The .pc names them under Requires.private, which a shared link leaves out: link
  # them too, as their own .pc files say. Only that first level: `--static` would also pull in
  # what a static OpenSSL needs (libzstd on trixie), whose development files nobody installed.
  execute_process(COMMAND "${PKG_CONFIG_EXECUTABLE}" --print-requires-private cpp-httplib
                  OUTPUT_VARIABLE httplib_requires_private OUTPUT_STRIP_TRAILING_WHITESPACE)
  # "openssl >= 3.0.0" on a line of its own is the module "openssl>=3.0.0" to pkg_check_modules.
  string(REPLACE " " "" httplib_requires_private "${httplib_requires_private}")
  string(REPLACE "\n" ";" httplib_requires_private "${httplib_requires_private}")
  if(httplib_requires_private)
    pkg_check_modules(CPP_HTTPLIB_PRIVATE QUIET IMPORTED_TARGET GLOBAL ${httplib_requires_private})
    cancelkit_require(CPP_HTTPLIB_PRIVATE_FOUND "what cpp-httplib requires (${httplib_requires_private})"
                      "libcpp-httplib-dev")
    target_link_libraries(PkgConfig::CPP_HTTPLIB INTERFACE PkgConfig::CPP_HTTPLIB_PRIVATE)
  endif()
  add_library(cancelkit::httplib ALIAS PkgConfig::CPP_HTTPLIB)
endif()

find_package(SQLite3 QUIET)
cancelkit_require(SQLite3_FOUND "SQLite 3" "libsqlite3-dev")

# hiredis, chapter 7's Redis client: Debian ships a pkg-config file (0.14.1 in bookworm, 1.2.0 in
# trixie), no CMake package.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(HIREDIS QUIET IMPORTED_TARGET GLOBAL hiredis)
endif()
cancelkit_require(HIREDIS_FOUND "hiredis" "libhiredis-dev pkg-config")

# libnghttp2, the HTTP/2 server adapter's protocol engine (1.52 in bookworm, 1.64 in trixie).
pkg_check_modules(NGHTTP2 QUIET IMPORTED_TARGET GLOBAL libnghttp2)
cancelkit_require(NGHTTP2_FOUND "libnghttp2" "libnghttp2-dev pkg-config")

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
