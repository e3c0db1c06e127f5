// Chapter 8, solved: each stream's context is a child of the connection's, cancelled on its own.
#include "stream_contexts.h"

#include <cstdint>
#include <map>
#include <utility>

#include "http/server.h"

namespace tutorial {
namespace {

class StreamContexts final : public http::StreamContexts {
 public:
  explicit StreamContexts(const context::Context& connection) : connection_(connection) {}

  // A child of the connection's context: the server's shutdown, the connection's deadline and
  // values reach it, and it can be cancelled alone.
  context::Context Open(std::int32_t stream) override {
    auto [ctx, cancel] = context::WithCancelCause(connection_);
    open_.insert_or_assign(stream, std::move(cancel));
    return ctx;
  }

  void Reset(std::int32_t stream) override { End(stream, http::ErrStreamReset); }

  void Finished(std::int32_t stream) override { End(stream, context::Canceled); }

  void ConnectionGone() override {
    for (const auto& [stream, cancel] : open_) cancel(http::ErrClientGone);
    open_.clear();
  }

 private:
  // Cancels one stream's context, and forgets it: an HTTP/2 connection never reuses a stream's
  // number, so an entry kept would only grow the map for the connection's whole life.
  void End(std::int32_t stream, std::error_code cause) {
    const auto found = open_.find(stream);
    if (found == open_.end()) return;
    found->second(cause);
    open_.erase(found);
  }

  context::Context connection_;
  std::map<std::int32_t, context::CancelCauseFunc> open_;  // streams whose handler may run
};

}  // namespace

std::unique_ptr<http::StreamContexts> NewStreamContexts(const context::Context& connection) {
  return std::make_unique<StreamContexts>(connection);
}

}  // namespace tutorial
