// Chapter 8: give each stream of an HTTP/2 connection a context of its own (README.md).
//
// As it stands, every stream gets the connection's context itself, and nothing the client does
// to one stream reaches its handler: a reset stream's store keeps working for nobody.
#include "stream_contexts.h"

#include <cstdint>

#include "http/server.h"

namespace tutorial {
namespace {

class StreamContexts final : public http::StreamContexts {
 public:
  explicit StreamContexts(const context::Context& connection) : connection_(connection) {}

  context::Context Open(std::int32_t) override { return connection_; }
  void Reset(std::int32_t) override {}
  void Finished(std::int32_t) override {}
  void ConnectionGone() override {}

 private:
  context::Context connection_;
};

}  // namespace

std::unique_ptr<http::StreamContexts> NewStreamContexts(const context::Context& connection) {
  return std::make_unique<StreamContexts>(connection);
}

}  // namespace tutorial
