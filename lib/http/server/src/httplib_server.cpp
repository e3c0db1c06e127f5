#include "httplib_server.h"

#include <algorithm>
#include <string_view>

namespace http::detail {
namespace {

// A request that exists only in memory, to run cpp-httplib's request parser once on the thread
// that starts the server, before any worker exists (see WarmUpParser).
class InMemoryRequest final : public httplib::Stream {
 public:
  explicit InMemoryRequest(std::string_view bytes) : bytes_(bytes) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, std::size_t size) override {
    const std::size_t n = std::min(size, bytes_.size());
    std::copy_n(bytes_.data(), n, ptr);
    bytes_.remove_prefix(n);
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char*, std::size_t size) override { return static_cast<ssize_t>(size); }
  void get_remote_ip_and_port(std::string&, int&) const override {}
  void get_local_ip_and_port(std::string&, int&) const override {}
  int socket() const override { return -1; }

 private:
  std::string_view bytes_;
};

}  // namespace

// cpp-httplib's request parser builds a table (its set of method names) the first time it runs,
// as a function-local static. C++ makes that safe, but the check that skips the building on
// later calls is compiled into Debian's libcpp-httplib.so, which ThreadSanitizer does not
// instrument: it cannot see that check order the first worker's building before a second
// worker's reading, and reports a data race (inside the library, on the table's strings; the
// library's stripped symbols make the frames look like std::regex). Parsing one request here,
// before the first worker thread is started, builds the table while the server is still
// single-threaded, so every worker sees it through thread creation. Its method is not one
// cpp-httplib knows, so no handler runs: the parser answers 400 into the void.
void WarmUpParser(HttplibServer& server) {
  InMemoryRequest request("WARM-UP / HTTP/1.1\r\n\r\n");
  bool closed = false;
  server.ProcessRequest(request, true, closed);
}

}  // namespace http::detail
