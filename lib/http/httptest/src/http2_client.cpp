#include "httptest/http2_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nghttp2/nghttp2.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <map>
#include <string>

namespace httptest {
namespace {

using Clock = std::chrono::steady_clock;

std::string_view View(const std::uint8_t* bytes, std::size_t length) {
  return {reinterpret_cast<const char*>(bytes), length};
}

nghttp2_nv Field(const std::string& name, const std::string& value) {
  return {reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
          reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(),
          value.size(), NGHTTP2_NV_FLAG_NONE};
}

// A request body being sent: libnghttp2 reads it through its data provider.
struct OutgoingBody {
  std::string bytes;
  std::size_t sent = 0;
};

}  // namespace

struct Http2Client::State {
  int fd = -1;
  nghttp2_session* session = nullptr;
  std::map<std::int32_t, Http2Response> streams;
  std::map<std::int32_t, std::unique_ptr<OutgoingBody>> bodies;
  std::string output;
  std::size_t output_sent = 0;
  std::optional<std::uint32_t> goaway;
  int ping_acks = 0;
  bool ended = false;

  ~State() {
    if (session != nullptr) nghttp2_session_del(session);
    if (fd >= 0) ::close(fd);
  }

  Http2Response* Find(std::int32_t id) {
    const auto found = streams.find(id);
    return found == streams.end() ? nullptr : &found->second;
  }

  static int OnHeader(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name,
                      std::size_t name_length, const std::uint8_t* value, std::size_t value_length,
                      std::uint8_t, void* self) {
    Http2Response* response = static_cast<State*>(self)->Find(frame->hd.stream_id);
    if (response == nullptr || frame->hd.type != NGHTTP2_HEADERS) return 0;
    const std::string_view key = View(name, name_length);
    const std::string_view text = View(value, value_length);
    if (key == ":status") {
      response->status = std::atoi(std::string(text).c_str());
    } else {
      response->header.Add(key, std::string(text));
    }
    return 0;
  }

  static int OnData(nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* data,
                    std::size_t length, void* self) {
    if (Http2Response* response = static_cast<State*>(self)->Find(id)) {
      response->body.append(View(data, length));
    }
    return 0;
  }

  static int OnFrame(nghttp2_session*, const nghttp2_frame* frame, void* self) {
    auto& state = *static_cast<State*>(self);
    if (frame->hd.type == NGHTTP2_GOAWAY) state.goaway = frame->goaway.error_code;
    if (frame->hd.type == NGHTTP2_PING && (frame->hd.flags & NGHTTP2_FLAG_ACK) != 0) {
      ++state.ping_acks;
    }
    const bool ends_stream =
        (frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) &&
        (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
    if (Http2Response* response = state.Find(frame->hd.stream_id); response && ends_stream) {
      response->complete = true;
    }
    return 0;
  }

  static int OnClose(nghttp2_session*, std::int32_t id, std::uint32_t error_code, void* self) {
    auto& state = *static_cast<State*>(self);
    if (Http2Response* response = state.Find(id); response && !response->complete) {
      response->reset = error_code;
    }
    state.bodies.erase(id);
    return 0;
  }

  static ssize_t ReadBody(nghttp2_session*, std::int32_t, std::uint8_t* buffer, std::size_t length,
                          std::uint32_t* flags, nghttp2_data_source* source, void*) {
    auto& body = *static_cast<OutgoingBody*>(source->ptr);
    const std::size_t count = std::min(length, body.bytes.size() - body.sent);
    std::copy_n(body.bytes.data() + body.sent, count, buffer);
    body.sent += count;
    if (body.sent == body.bytes.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(count);
  }

  // Moves what the session has to send into `output`, without writing it yet: a stream's
  // HEADERS are then on their way before a Reset submitted next could cancel them unsent.
  bool Produce() {
    if (ended) return false;
    output.erase(0, output_sent);
    output_sent = 0;
    while (true) {
      const std::uint8_t* data = nullptr;
      const ssize_t produced = nghttp2_session_mem_send(session, &data);
      if (produced < 0) return End();
      if (produced == 0) return true;
      output.append(View(data, static_cast<std::size_t>(produced)));
    }
  }

  // Writes what the session has to send, as far as the socket takes it now.
  bool Flush() {
    if (!Produce()) return false;
    while (output_sent != output.size()) {
      const ssize_t sent =
          ::send(fd, output.data() + output_sent, output.size() - output_sent, MSG_NOSIGNAL);
      if (sent < 0) return errno == EAGAIN || errno == EWOULDBLOCK ? true : End();
      output_sent += static_cast<std::size_t>(sent);
    }
    return true;
  }

  // Reads what has arrived, waiting up to `wait` for something to.
  bool Read(std::chrono::milliseconds wait) {
    if (ended) return false;
    pollfd polled{fd, static_cast<short>(POLLIN | (output_sent != output.size() ? POLLOUT : 0)), 0};
    if (::poll(&polled, 1, static_cast<int>(wait.count())) <= 0) return true;
    if ((polled.revents & (POLLIN | POLLHUP | POLLERR)) == 0) return true;
    std::array<std::uint8_t, 16 * 1024> buffer;
    const ssize_t got = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) return true;
    if (got <= 0) return End();
    if (nghttp2_session_mem_recv(session, buffer.data(), static_cast<std::size_t>(got)) < 0) {
      return End();
    }
    return true;
  }

  bool End() {
    ended = true;
    return false;
  }
};

std::expected<Http2Client, std::error_code> Http2Client::Connect(int port,
                                                                 std::uint32_t stream_window) {
  auto state = std::make_unique<State>();
  state->fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (state->fd < 0) return std::unexpected(std::error_code(errno, std::system_category()));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(state->fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    return std::unexpected(std::error_code(errno, std::system_category()));
  }
  const int yes = 1;
  ::setsockopt(state->fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  ::fcntl(state->fd, F_SETFL, ::fcntl(state->fd, F_GETFL) | O_NONBLOCK);

  nghttp2_session_callbacks* callbacks = nullptr;
  nghttp2_session_callbacks_new(&callbacks);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, &State::OnHeader);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &State::OnData);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &State::OnFrame);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &State::OnClose);
  const int created = nghttp2_session_client_new(&state->session, callbacks, state.get());
  nghttp2_session_callbacks_del(callbacks);
  if (created != 0) return std::unexpected(std::make_error_code(std::errc::not_enough_memory));
  const nghttp2_settings_entry window{NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, stream_window};
  nghttp2_submit_settings(state->session, NGHTTP2_FLAG_NONE, &window, 1);
  return Http2Client(std::move(state));
}

Http2Client::Http2Client(std::unique_ptr<State> state) : state_(std::move(state)) {}
Http2Client::Http2Client(Http2Client&&) noexcept = default;
Http2Client& Http2Client::operator=(Http2Client&&) noexcept = default;
Http2Client::~Http2Client() = default;

std::int32_t Http2Client::Send(std::string_view method, std::string_view path, std::string body,
                               const std::vector<std::pair<std::string, std::string>>& header) {
  const std::vector<std::pair<std::string, std::string>> pseudo{{":method", std::string(method)},
                                                                {":scheme", "http"},
                                                                {":authority", "127.0.0.1"},
                                                                {":path", std::string(path)}};
  std::vector<nghttp2_nv> nva;
  for (const auto& [name, value] : pseudo) nva.push_back(Field(name, value));
  for (const auto& [name, value] : header) nva.push_back(Field(name, value));
  auto outgoing = std::make_unique<OutgoingBody>(OutgoingBody{std::move(body)});
  nghttp2_data_provider provider{};
  provider.source.ptr = outgoing.get();
  provider.read_callback = &State::ReadBody;
  const std::int32_t id =
      nghttp2_submit_request(state_->session, nullptr, nva.data(), nva.size(),
                             outgoing->bytes.empty() ? nullptr : &provider, nullptr);
  if (id > 0) {
    state_->streams[id];
    if (!outgoing->bytes.empty()) state_->bodies[id] = std::move(outgoing);
  }
  state_->Produce();
  return id;
}

void Http2Client::Reset(std::int32_t stream, std::uint32_t error_code) {
  nghttp2_submit_rst_stream(state_->session, NGHTTP2_FLAG_NONE, stream, error_code);
  state_->Produce();
}

void Http2Client::Goaway(std::uint32_t error_code) {
  nghttp2_submit_goaway(state_->session, NGHTTP2_FLAG_NONE, 0, error_code, nullptr, 0);
}

std::optional<Http2Response> Http2Client::Await(std::int32_t stream,
                                                std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    const Http2Response* seen = Seen(stream);
    if (seen != nullptr && (seen->complete || seen->reset)) return *seen;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0 || !state_->Flush() || !state_->Read(left)) return std::nullopt;
  }
}

bool Http2Client::Pump(std::chrono::milliseconds duration) {
  const auto deadline = Clock::now() + duration;
  while (true) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (!state_->Flush()) return false;
    if (left.count() <= 0) return true;
    if (!state_->Read(left)) return false;
  }
}

bool Http2Client::Flush() {
  return state_->Flush();
}

bool Http2Client::RoundTrip(std::chrono::milliseconds timeout) {
  const int acks_before = state_->ping_acks;
  nghttp2_submit_ping(state_->session, NGHTTP2_FLAG_NONE, nullptr);
  const auto deadline = Clock::now() + timeout;
  while (state_->ping_acks == acks_before) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0 || !state_->Flush() || !state_->Read(left)) return false;
  }
  return true;
}

const Http2Response* Http2Client::Seen(std::int32_t stream) const {
  return state_->Find(stream);
}

std::optional<std::uint32_t> Http2Client::GoawayCode() const {
  return state_->goaway;
}

bool Http2Client::Ended() const {
  return state_->ended;
}

std::uint32_t Http2Client::ServerMaxConcurrentStreams() const {
  return nghttp2_session_get_remote_settings(state_->session,
                                             NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS);
}

void Http2Client::Close() {
  if (state_->fd >= 0) ::close(std::exchange(state_->fd, -1));
  state_->ended = true;
}

}  // namespace httptest
