// Chapter 8: the contexts of one HTTP/2 connection's streams. You write them in
// stream_contexts.cpp.
//
// http::Http2Server calls NewStreamContexts once for each connection it accepts, with that
// connection's context, and then tells the object it returns what happens to the connection's
// streams (http/stream_contexts.h has the whole contract):
//
//   Open(id)          a request is complete on stream `id`: the context its handler gets;
//   Reset(id)         the client reset that stream (RST_STREAM) before its answer;
//   Finished(id)      that stream's handler has returned;
//   ConnectionGone()  the connection closed: every stream still open is for nobody now.
//
// All four come from the connection's own thread, one at a time: no lock is needed.
#pragma once

#include <memory>

#include "context/context.h"
#include "http/stream_contexts.h"

namespace tutorial {

std::unique_ptr<http::StreamContexts> NewStreamContexts(const context::Context& connection);

}  // namespace tutorial
