// One HTTP/2 connection of an Http2Server: its socket, its libnghttp2 session and its streams.
//
// Serve() runs on the connection's own thread and is the only code that touches the session (a
// libnghttp2 session is not thread-safe): it reads frames, queues each complete request's
// handler in the shared HandlerPool, and sends the answers the workers post back. Workers and
// the server reach it only through Answered(), Shutdown() and Close(), which queue the work and
// wake the loop through an eventfd.
//
// Contexts: the connection's StreamContexts gives each stream its context and is told of each
// reset (RST_STREAM), each handler's return, and the connection's end (or the client's GOAWAY),
// all on this thread (see http/stream_contexts.h).
#pragma once

#include <nghttp2/nghttp2.h>
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "context/context.h"
#include "handler_pool.h"
#include "http/handler.h"
#include "http/http2_server.h"
#include "http/stream_contexts.h"
#include "stream.h"

namespace http::detail {

// Http2Counts, counted by every connection at once.
struct Http2Counters {
  std::atomic<std::uint64_t> connections{0};
  std::atomic<std::uint64_t> streams{0};
  std::atomic<std::uint64_t> resets{0};
  std::atomic<std::uint64_t> handlers_started{0};

  Http2Counts Read() const {
    return {connections.load(), streams.load(), resets.load(), handlers_started.load()};
  }
};

// What every connection of a server shares; the server outlives its connections and its pool.
struct Http2Shared {
  const HandlerFunc& handler;
  const Http2ServerOptions& options;
  HandlerPool& pool;
  Http2Counters& counters;
};

class Http2Connection : public std::enable_shared_from_this<Http2Connection> {
 public:
  // Takes `fd`, a connected non-blocking socket, and closes it when done.
  Http2Connection(int fd, std::unique_ptr<StreamContexts> contexts, Http2Shared shared);
  ~Http2Connection();
  Http2Connection(const Http2Connection&) = delete;
  Http2Connection& operator=(const Http2Connection&) = delete;

  // Serves the connection until it ends; then tells its StreamContexts (ConnectionGone).
  void Serve();

  // From any thread. The server is stopping: GOAWAY now, end once the open streams are done.
  void Shutdown();
  // From any thread (a worker): a stream's handler has returned; send its answer.
  void Answered(std::shared_ptr<Http2Stream> stream);

 private:
  using Clock = std::chrono::steady_clock;

  bool Start();
  bool ReadFrames();
  bool Flush();
  void TakeWakeUps();
  void QueueCompleteRequests();
  void RunHandler(const std::shared_ptr<Http2Stream>& stream);
  void Respond(Http2Stream& stream);
  void Refuse(Http2Stream& stream, int status);
  void SendGoaway();
  Clock::time_point Deadline() const;
  void Wake();

  // libnghttp2's callbacks, on Serve()'s thread; user_data is the connection.
  static int OnBeginHeaders(nghttp2_session*, const nghttp2_frame* frame, void* self);
  static int OnHeader(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name,
                      std::size_t name_length, const std::uint8_t* value, std::size_t value_length,
                      std::uint8_t flags, void* self);
  static int OnDataChunk(nghttp2_session*, std::uint8_t flags, std::int32_t stream_id,
                         const std::uint8_t* data, std::size_t length, void* self);
  static int OnFrame(nghttp2_session*, const nghttp2_frame* frame, void* self);
  static int OnFrameSent(nghttp2_session* session, const nghttp2_frame* frame, void* self);
  static int OnStreamClose(nghttp2_session*, std::int32_t stream_id, std::uint32_t error_code,
                           void* self);
  static ssize_t ReadBody(nghttp2_session*, std::int32_t stream_id, std::uint8_t* buffer,
                          std::size_t length, std::uint32_t* flags, nghttp2_data_source* source,
                          void* self);

  Http2Stream* Find(std::int32_t stream_id);

  void ConnectionGone();

  int fd_;  // closed, and -1, once Serve() has returned
  const int wake_fd_;
  const Http2Shared shared_;

  // Serve()'s thread only.
  const std::unique_ptr<StreamContexts> contexts_;
  bool connection_gone_ = false;  // contexts_ was told: it is called no more
  nghttp2_session* session_ = nullptr;
  std::map<std::int32_t, std::shared_ptr<Http2Stream>> streams_;  // open streams
  std::vector<std::int32_t> complete_;  // requests completed by the frames just read
  std::string output_;                  // bytes the session produced, not yet written
  std::size_t output_sent_ = 0;
  Clock::time_point last_progress_;  // last byte read or written
  bool goaway_submitted_ = false;
  bool client_spoke_ = false;
  bool close_now_ = false;  // the server is stopping and this client never spoke  // some bytes
                            // arrived: its preface, or what stands in its place

  // Posted by other threads (wake_fd_ tells the loop).
  std::mutex mutex_;
  std::vector<std::shared_ptr<Http2Stream>> answered_;
  bool shutdown_requested_ = false;
};

}  // namespace http::detail
