// Server::Impl, shared by the files that implement it, one responsibility each:
//   server.cpp            configures cpp-httplib, starts serving and shuts down;
//   serve_connection.cpp  serves one connection, request after request, and reads bodies;
//   serve_request.cpp     identifies a connection, watches it for hang-ups while a handler runs,
//                         and converts the handler's answer.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <expected>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>

#include "connection_lookup.h"
#include "hangup_watcher.h"
#include "http/server.h"
#include "httplib_server.h"
#include "served_connection.h"

namespace http {

class Server::Impl {
 public:
  Impl(HandlerFunc handler, ServerOptions options);
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  std::expected<int, std::error_code> Start();
  std::error_code Shutdown(const context::Context& ctx);

 private:
  enum class State { kNotStarted, kStarting, kServing, kStopped };

  void ConfigureListeningSocket(int fd);
  void SetState(State state);
  void Identify(const httplib::Request& in, detail::ServedConnection& connection);
  bool IsLastRequest(const httplib::Request& in, const detail::ServedConnection& connection) const;
  void Serve(const httplib::Request& in, httplib::Response& out, std::string body);
  void ServeWithoutBody(const httplib::Request& in, httplib::Response& out);
  void ServeWithBody(const httplib::Request& in, httplib::Response& out,
                     const httplib::ContentReader& read_content);
  void ServeConnection(int fd);
  bool Stopping() const { return base_.Err() == context::Canceled; }

  HandlerFunc handler_;
  ServerOptions options_;
  detail::HangupWatcher watcher_;
  detail::LikelySockets likely_sockets_;
  // Readable once Shutdown() has begun: every connection waiting for bytes polls it too.
  int stop_fd_ = -1;
  detail::HttplibServer server_;
  int listening_fd_ = -1;  // set by the socket options hook, during Start()

  context::Context base_;  // written by Start() before any worker exists, then only read
  std::optional<context::CancelCauseFunc> cancel_base_;

  std::mutex mutex_;
  std::condition_variable_any state_changed_;
  State state_ = State::kNotStarted;
  bool stop_requested_ = false;

  std::jthread serve_thread_;  // last: it runs cpp-httplib's accept loop over everything above
};

}  // namespace http
