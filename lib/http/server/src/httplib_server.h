// The adapter's cpp-httplib server: cpp-httplib's own, with its per-connection loop handed to us.
#pragma once

#include <httplib.h>

#include <functional>
#include <string>
#include <utility>

namespace http::detail {

// cpp-httplib's server, with the one part of it the adapter replaces: the loop that serves one
// connection, request after request (process_and_close_socket, a private virtual function, so
// it may be overridden though not called). The replacement reads through a ConnectionStream,
// which bounds the request head and wakes at shutdown, and answers what cpp-httplib cannot.
class HttplibServer final : public httplib::Server {
 public:
  explicit HttplibServer(std::function<void(int fd)> serve_connection)
      : serve_connection_(std::move(serve_connection)) {}

  // Reads one request from `stream`, runs its handler and writes the answer.
  bool ProcessRequest(httplib::Stream& stream, bool close_connection, bool& connection_closed) {
    return ProcessRequestOf(*this, stream, close_connection, connection_closed);
  }

 private:
  bool process_and_close_socket(int fd) override {
    serve_connection_(fd);
    return true;
  }

  // cpp-httplib 0.18 takes the connection's two addresses as arguments (0.11 asks the stream).
  template <class Self>
  static bool ProcessRequestOf(Self& self, httplib::Stream& stream, bool close_connection,
                               bool& connection_closed) {
    if constexpr (requires {
                    self.process_request(stream, close_connection, connection_closed, nullptr);
                  }) {
      return self.process_request(stream, close_connection, connection_closed, nullptr);
    } else {
      std::string remote_addr;
      std::string local_addr;
      int remote_port = 0;
      int local_port = 0;
      stream.get_remote_ip_and_port(remote_addr, remote_port);
      stream.get_local_ip_and_port(local_addr, local_port);
      return self.process_request(stream, remote_addr, remote_port, local_addr, local_port,
                                  close_connection, connection_closed, nullptr);
    }
  }

  std::function<void(int fd)> serve_connection_;
};

// Runs cpp-httplib's request parser once, before any worker thread exists (see httplib_server.cpp).
void WarmUpParser(HttplibServer& server);

}  // namespace http::detail
