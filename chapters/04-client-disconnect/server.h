// The server of the tutorial: one handler that answers with what the store fetches. In this
// chapter it is served for real, by http::Server (lib/http/server), over TCP.
#pragma once

#include "http/handler.h"
#include "store.h"

namespace tutorial {

// A handler that writes store.Fetch() as the response body, and chooses the status code when
// the store fails while the client is still waiting. It keeps a reference to `store`, so the
// store must outlive it.
http::HandlerFunc Server(Store& store);

}  // namespace tutorial
