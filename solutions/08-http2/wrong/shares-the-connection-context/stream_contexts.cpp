// wrong turn [plain]: every stream gets the connection's context, so a reset can only cancel all
// A handler that watches its connection instead of its own request: there is one context for the
// whole connection, and a reset of any stream cancels it for every request on it.
#include "stream_contexts.h"

#include <cstdint>
#include <utility>

#include "http/server.h"

namespace tutorial {
namespace {

class StreamContexts final : public http::StreamContexts {
 public:
  explicit StreamContexts(const context::Context& connection)
      : connection_(context::WithCancelCause(connection)) {}

  // A child of the connection's context: the server's shutdown, the connection's deadline and
  // values reach it, and it can be cancelled alone.
  context::Context Open(std::int32_t) override { return connection_.first; }

  void Reset(std::int32_t) override { connection_.second(http::ErrStreamReset); }

  void Finished(std::int32_t) override {}

  void ConnectionGone() override { connection_.second(http::ErrClientGone); }

 private:
  std::pair<context::Context, context::CancelCauseFunc> connection_;
};

}  // namespace

std::unique_ptr<http::StreamContexts> NewStreamContexts(const context::Context& connection) {
  return std::make_unique<StreamContexts>(connection);
}

}  // namespace tutorial
