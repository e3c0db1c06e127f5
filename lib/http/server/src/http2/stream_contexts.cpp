// The server's default StreamContexts: a cancellable context for the connection, and a child of
// it for each open stream.
#include "http/stream_contexts.h"

#include <unordered_map>
#include <utility>

#include "http/server.h"

namespace http {
namespace {

class ChildPerStream final : public StreamContexts {
 public:
  explicit ChildPerStream(const context::Context& connection)
      : connection_(context::WithCancelCause(connection)) {}

  context::Context Open(std::int32_t stream) override {
    auto [ctx, cancel] = context::WithCancelCause(connection_.first);
    open_.insert_or_assign(stream, std::move(cancel));
    return ctx;
  }
  void Reset(std::int32_t stream) override { End(stream, ErrStreamReset); }
  void Finished(std::int32_t stream) override { End(stream, context::Canceled); }
  // One cancel reaches every stream: they all derive from the connection's context.
  void ConnectionGone() override {
    connection_.second(ErrClientGone);
    open_.clear();
  }

 private:
  void End(std::int32_t stream, std::error_code cause) {
    if (auto ended = open_.extract(stream)) ended.mapped()(cause);
  }

  std::pair<context::Context, context::CancelCauseFunc> connection_;
  std::unordered_map<std::int32_t, context::CancelCauseFunc> open_;
};

}  // namespace

std::unique_ptr<StreamContexts> NewStreamContexts(const context::Context& connection) {
  return std::make_unique<ChildPerStream>(connection);
}

}  // namespace http
