#include "connection.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <string_view>
#include <utility>

#include "http/server.h"
#include "http/status.h"

namespace http::detail {
namespace {

// Output is gathered up to this size before one write: fewer system calls under many streams.
constexpr std::size_t kWriteBatch = 64 * 1024;
// HPACK counts 32 bytes of overhead per field (RFC 7541, 4.1); so does our header limit.
constexpr std::size_t kFieldOverhead = 32;

std::string_view View(const std::uint8_t* bytes, std::size_t length) {
  return {reinterpret_cast<const char*>(bytes), length};
}

nghttp2_nv Field(std::string_view name, std::string_view value) {
  // libnghttp2 copies both (it is not told NGHTTP2_NV_FLAG_NO_COPY_*), so views are enough.
  return {reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
          reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(),
          value.size(), NGHTTP2_NV_FLAG_NONE};
}

std::string Lowercase(std::string_view name) {
  std::string lower(name);
  std::ranges::transform(lower, lower.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return lower;
}

// Fields of HTTP/1.1 connection management, which HTTP/2 forbids (RFC 9113, 8.2.2).
bool ConnectionSpecific(std::string_view lower_name) {
  return lower_name == "connection" || lower_name == "keep-alive" ||
         lower_name == "proxy-connection" || lower_name == "transfer-encoding" ||
         lower_name == "upgrade";
}

}  // namespace

Http2Connection::Http2Connection(int fd, std::unique_ptr<StreamContexts> contexts,
                                 Http2Shared shared)
    : fd_(fd),
      wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
      shared_(shared),
      contexts_(std::move(contexts)) {}

Http2Connection::~Http2Connection() {
  if (session_ != nullptr) nghttp2_session_del(session_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
  if (fd_ >= 0) ::close(fd_);  // Serve() never ran
}

void Http2Connection::Wake() {
  const eventfd_t once = 1;
  ::eventfd_write(wake_fd_, once);
}

void Http2Connection::Shutdown() {
  {
    const std::lock_guard lock(mutex_);
    shutdown_requested_ = true;
  }
  Wake();
}

void Http2Connection::Answered(std::shared_ptr<Http2Stream> stream) {
  {
    const std::lock_guard lock(mutex_);
    answered_.push_back(std::move(stream));
  }
  Wake();
}

bool Http2Connection::Start() {
  if (wake_fd_ < 0) return false;
  nghttp2_session_callbacks* callbacks = nullptr;
  if (nghttp2_session_callbacks_new(&callbacks) != 0) return false;
  nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, &OnBeginHeaders);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, &OnHeader);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &OnDataChunk);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &OnFrame);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &OnStreamClose);
  nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, &OnFrameSent);
  const int created = nghttp2_session_server_new(&session_, callbacks, this);
  nghttp2_session_callbacks_del(callbacks);
  if (created != 0) return false;
  const std::array<nghttp2_settings_entry, 2> settings{{
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, shared_.options.max_concurrent_streams},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE,
       static_cast<std::uint32_t>(shared_.options.max_header_bytes)},
  }};
  return nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings.data(), settings.size()) ==
         0;
}

void Http2Connection::Serve() {
  if (Start()) {
    last_progress_ = Clock::now();
    while (true) {
      TakeWakeUps();
      if (close_now_) break;
      // Our SETTINGS wait for the client's preface: a client that is no HTTP/2 client (an
      // HTTP/1.1 request on this port) then gets a 505 it can read, not binary frames.
      if (client_spoke_ && !Flush()) break;
      if (nghttp2_session_want_read(session_) == 0 && nghttp2_session_want_write(session_) == 0 &&
          output_sent_ == output_.size()) {
        break;  // GOAWAY sent or received, and every stream is done
      }
      const auto wait = std::chrono::ceil<std::chrono::milliseconds>(Deadline() - Clock::now());
      if (wait.count() <= 0) {
        if (!streams_.empty() || output_sent_ != output_.size()) break;  // the client reads nothing
        if (goaway_submitted_ || !client_spoke_) break;  // silent, or told and still here
        SendGoaway();                                    // idle: no stream for idle_timeout
        continue;
      }
      std::array<pollfd, 2> polled{{
          {fd_, static_cast<short>(POLLIN | (output_sent_ != output_.size() ? POLLOUT : 0)), 0},
          {wake_fd_, POLLIN, 0},
      }};
      const int ready = ::poll(polled.data(), polled.size(),
                               static_cast<int>(std::min<long>(wait.count(), 1000)));
      if (ready < 0 && errno != EINTR) break;
      if ((polled[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0 && !ReadFrames()) break;
    }
  }
  // The connection is over: whatever still runs for it is for nobody.
  for (const auto& [id, stream] : streams_) {
    if (stream->job) shared_.pool.Withdraw(*stream->job);
  }
  streams_.clear();
  ConnectionGone();
  // Closed now, not when the last handler holding this object lets go of it: the client learns
  // at once that the connection is over.
  ::close(std::exchange(fd_, -1));
}

void Http2Connection::ConnectionGone() {
  if (std::exchange(connection_gone_, true)) return;
  contexts_->ConnectionGone();
}

bool Http2Connection::ReadFrames() {
  std::array<std::uint8_t, 16 * 1024> buffer;
  const ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), 0);
  if (got == 0) return false;  // the client closed the connection
  if (got < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  last_progress_ = Clock::now();
  client_spoke_ = true;
  const ssize_t used = nghttp2_session_mem_recv(session_, buffer.data(), static_cast<size_t>(got));
  if (used == NGHTTP2_ERR_BAD_CLIENT_MAGIC) {
    // Most likely an HTTP/1.1 client: tell it in its own words before closing.
    constexpr std::string_view kOnlyHttp2 =
        "HTTP/1.1 505 HTTP Version Not Supported\r\nConnection: close\r\n"
        "Content-Type: text/plain\r\nContent-Length: 53\r\n\r\n"
        "this server speaks HTTP/2 only (h2c, prior knowledge)";
    [[maybe_unused]] const ssize_t ignored =
        ::send(fd_, kOnlyHttp2.data(), kOnlyHttp2.size(), MSG_NOSIGNAL);
    return false;
  }
  if (used < 0) {
    Flush();  // a protocol error: send the GOAWAY libnghttp2 queued, if the socket takes it
    return false;
  }
  QueueCompleteRequests();
  return true;
}

bool Http2Connection::Flush() {
  while (true) {
    if (output_sent_ == output_.size()) {
      output_.clear();
      output_sent_ = 0;
    }
    while (output_.size() < kWriteBatch) {
      const std::uint8_t* data = nullptr;
      const ssize_t produced = nghttp2_session_mem_send(session_, &data);
      if (produced < 0) return false;
      if (produced == 0) break;
      output_.append(View(data, static_cast<std::size_t>(produced)));
    }
    if (output_sent_ == output_.size()) return true;  // nothing to write
    const ssize_t sent =
        ::send(fd_, output_.data() + output_sent_, output_.size() - output_sent_, MSG_NOSIGNAL);
    if (sent < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    output_sent_ += static_cast<std::size_t>(sent);
    last_progress_ = Clock::now();
    if (output_sent_ != output_.size()) return true;  // the socket is full: poll for room
  }
}

void Http2Connection::TakeWakeUps() {
  eventfd_t ignored = 0;
  ::eventfd_read(wake_fd_, &ignored);
  std::vector<std::shared_ptr<Http2Stream>> answered;
  bool shutdown = false;
  {
    const std::lock_guard lock(mutex_);
    answered.swap(answered_);
    shutdown = shutdown_requested_;
  }
  for (const auto& stream : answered) {
    // A stream closed meanwhile (reset, or its connection) is gone from the map: drop its answer.
    if (Find(stream->id) != stream.get()) continue;
    if (!connection_gone_) contexts_->Finished(stream->id);
    Respond(*stream);
  }
  if (shutdown && !goaway_submitted_) SendGoaway();
  // A connection that has not said a word yet has nothing to finish: close it at once.
  if (shutdown && !client_spoke_) close_now_ = true;
}

void Http2Connection::SendGoaway() {
  goaway_submitted_ = true;
  nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE,
                        nghttp2_session_get_last_proc_stream_id(session_), NGHTTP2_NO_ERROR,
                        nullptr, 0);
}

Http2Connection::Clock::time_point Http2Connection::Deadline() const {
  // Bytes the socket will not take, or answers the client's flow control holds back (it sends
  // no WINDOW_UPDATE): either way the client is not reading.
  const bool waiting_for_the_client =
      output_sent_ != output_.size() ||
      (!streams_.empty() &&
       std::ranges::all_of(streams_, [](const auto& open) { return open.second->answered; }));
  if (waiting_for_the_client) return last_progress_ + shared_.options.write_timeout;
  if (streams_.empty()) return last_progress_ + shared_.options.idle_timeout;
  return Clock::time_point::max();  // a handler is running: it may take as long as it needs
}

void Http2Connection::QueueCompleteRequests() {
  // Queued only once the bytes just read are all processed: a stream opened and reset in the
  // same read (what a Rapid Reset client sends) is closed by now, and starts nothing.
  for (const std::int32_t id : std::exchange(complete_, {})) {
    Http2Stream* const stream = Find(id);
    if (stream == nullptr) continue;
    if (stream->refusal) {
      Refuse(*stream, *stream->refusal);
      continue;
    }
    if (connection_gone_) {
      // The client gave up on the connection (a GOAWAY with an error): it reads no new answer.
      nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL);
      continue;
    }
    stream->request =
        Request(std::move(stream->method), std::move(stream->target), contexts_->Open(stream->id));
    stream->opened = true;
    stream->request.header = std::move(stream->header);
    stream->request.body = std::move(stream->body);
    stream->job = shared_.pool.Submit(
        [self = shared_from_this(), shared = streams_.at(id)] { self->RunHandler(shared); });
  }
}

void Http2Connection::RunHandler(const std::shared_ptr<Http2Stream>& shared) {
  Http2Stream& stream = *shared;
  // Its context may be done already (a shutdown, a client gone before a worker was free): then
  // nobody needs its handler, and the server only says it is stopping.
  if (stream.request.Context().Err()) {
    if (context::Cause(stream.request.Context()) == ErrServerClosed) {
      stream.answer.response.WriteHeader(StatusServiceUnavailable);
    }
  } else {
    shared_.counters.handlers_started.fetch_add(1, std::memory_order_relaxed);
    stream.answer = CallHandler(shared_.handler, stream.request);
  }
  Answered(shared);  // the connection's thread then tells its StreamContexts: Finished
}

void Http2Connection::Respond(Http2Stream& stream) {
  stream.answered = true;
  const BufferedResponseWriter& response = stream.answer.response;
  const std::string status = std::to_string(response.Status());
  const std::string length = std::to_string(response.Body().size());
  // Field names are lowercase in HTTP/2 (RFC 9113, 8.2.1); the strings must outlive the call.
  std::vector<std::pair<std::string, std::string>> fields;
  const http::Header header = response.HeaderToSend();
  for (const auto& [name, values] : header.All()) {
    std::string lower = Lowercase(name);
    if (ConnectionSpecific(lower)) continue;
    for (const std::string& value : values) fields.emplace_back(lower, value);
  }
  std::vector<nghttp2_nv> nva{Field(":status", status), Field("content-length", length)};
  for (const auto& [name, value] : fields) nva.push_back(Field(name, value));
  nghttp2_data_provider body{};
  body.source.ptr = &stream;  // stays in streams_ until libnghttp2 closes the stream
  body.read_callback = &ReadBody;
  // A HEAD request is told the length of the body, without it.
  const bool send_body = !response.Body().empty() && stream.request.method != MethodHead;
  nghttp2_submit_response(session_, stream.id, nva.data(), nva.size(), send_body ? &body : nullptr);
}

void Http2Connection::Refuse(Http2Stream& stream, int status) {
  stream.answered = true;
  const std::string code = std::to_string(status);
  const std::array<nghttp2_nv, 2> nva{Field(":status", code), Field("content-length", "0")};
  nghttp2_submit_response(session_, stream.id, nva.data(), nva.size(), nullptr);
  // OnFrameSent then resets the stream, if the client is still sending what we refused.
}

Http2Stream* Http2Connection::Find(std::int32_t stream_id) {
  const auto found = streams_.find(stream_id);
  return found == streams_.end() ? nullptr : found->second.get();
}

int Http2Connection::OnBeginHeaders(nghttp2_session*, const nghttp2_frame* frame, void* self) {
  if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
  const std::int32_t id = frame->hd.stream_id;
  auto& connection = *static_cast<Http2Connection*>(self);
  connection.streams_.emplace(id, std::make_shared<Http2Stream>(id));
  connection.shared_.counters.streams.fetch_add(1, std::memory_order_relaxed);
  return 0;
}

int Http2Connection::OnHeader(nghttp2_session*, const nghttp2_frame* frame,
                              const std::uint8_t* name, std::size_t name_length,
                              const std::uint8_t* value, std::size_t value_length, std::uint8_t,
                              void* self) {
  auto& connection = *static_cast<Http2Connection*>(self);
  Http2Stream* const stream = connection.Find(frame->hd.stream_id);
  if (stream == nullptr || frame->hd.type != NGHTTP2_HEADERS) return 0;  // trailers: ignored
  stream->header_bytes += name_length + value_length + kFieldOverhead;
  if (stream->header_bytes > connection.shared_.options.max_header_bytes) {
    stream->refusal = StatusRequestHeaderFieldsTooLarge;
    stream->header = {};
    return 0;
  }
  if (stream->refusal) return 0;
  const std::string_view key = View(name, name_length);
  std::string field(View(value, value_length));
  if (key == ":method") {
    stream->method = std::move(field);
  } else if (key == ":path") {
    stream->target = std::move(field);
  } else if (key == ":authority") {
    stream->header.Set("Host", std::move(field));  // what an HTTP/1.1 handler reads
  } else if (!key.starts_with(':')) {
    stream->header.Add(key, std::move(field));
  }
  return 0;
}

int Http2Connection::OnDataChunk(nghttp2_session*, std::uint8_t, std::int32_t stream_id,
                                 const std::uint8_t* data, std::size_t length, void* self) {
  auto& connection = *static_cast<Http2Connection*>(self);
  Http2Stream* const stream = connection.Find(stream_id);
  if (stream == nullptr || stream->refusal) return 0;
  if (stream->body.size() + length > connection.shared_.options.max_body_bytes) {
    stream->body = {};
    stream->refusal = StatusRequestEntityTooLarge;
    // Refused now, not at the end: the client need not send the rest for nothing.
    connection.Refuse(*stream, *stream->refusal);
    return 0;
  }
  stream->body.append(View(data, length));
  return 0;
}

int Http2Connection::OnFrame(nghttp2_session*, const nghttp2_frame* frame, void* self) {
  auto& connection = *static_cast<Http2Connection*>(self);
  switch (frame->hd.type) {
    case NGHTTP2_HEADERS:
    case NGHTTP2_DATA:
      if ((frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0) {
        Http2Stream* const stream = connection.Find(frame->hd.stream_id);
        if (stream != nullptr && !stream->answered) connection.complete_.push_back(stream->id);
      }
      break;
    case NGHTTP2_GOAWAY:
      // A client that gives up on the connection because of an error reads nothing more. One
      // that says goodbye without an error (NO_ERROR) opens no new stream but still waits for
      // the answers of those it opened, as Go's server assumes too: libnghttp2 then ends the
      // session once they are answered.
      if (frame->goaway.error_code != NGHTTP2_NO_ERROR) connection.ConnectionGone();
      break;
    default:
      break;
  }
  return 0;
}

int Http2Connection::OnFrameSent(nghttp2_session* session, const nghttp2_frame* frame, void* self) {
  auto& connection = *static_cast<Http2Connection*>(self);
  if (frame->hd.type != NGHTTP2_HEADERS || (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) == 0) {
    return 0;
  }
  Http2Stream* const stream = connection.Find(frame->hd.stream_id);
  // A refusal is sent: tell a client still sending its request to stop (RFC 9113, 8.1). Only
  // now, after it, or the reset could overtake the answer.
  if (stream != nullptr && stream->refusal &&
      nghttp2_session_get_stream_remote_close(session, stream->id) == 0) {
    nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, stream->id, NGHTTP2_NO_ERROR);
  }
  return 0;
}

int Http2Connection::OnStreamClose(nghttp2_session*, std::int32_t stream_id, std::uint32_t,
                                   void* self) {
  auto& connection = *static_cast<Http2Connection*>(self);
  const auto found = connection.streams_.find(stream_id);
  if (found == connection.streams_.end()) return 0;
  const std::shared_ptr<Http2Stream> stream = std::move(found->second);
  connection.streams_.erase(found);
  if (stream->answered) return 0;  // closed after its answer: the normal end
  // Closed before its answer: the client reset it (or the session refused it). Only this one.
  connection.shared_.counters.resets.fetch_add(1, std::memory_order_relaxed);
  if (stream->job) connection.shared_.pool.Withdraw(*stream->job);
  if (stream->opened && !connection.connection_gone_) connection.contexts_->Reset(stream_id);
  return 0;
}

ssize_t Http2Connection::ReadBody(nghttp2_session*, std::int32_t, std::uint8_t* buffer,
                                  std::size_t length, std::uint32_t* flags,
                                  nghttp2_data_source* source, void*) {
  auto& stream = *static_cast<Http2Stream*>(source->ptr);
  const std::string& body = stream.answer.response.Body();
  const std::size_t count = std::min(length, body.size() - stream.body_sent);
  std::copy_n(body.data() + stream.body_sent, count, buffer);
  stream.body_sent += count;
  if (stream.body_sent == body.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
  return static_cast<ssize_t>(count);
}

}  // namespace http::detail
