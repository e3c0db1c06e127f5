// The server of the tutorial: one handler that answers with what the store fetches.
#pragma once

#include "http/handler.h"
#include "store.h"

namespace tutorial {

// A handler that writes store.Fetch() as the response body. The handler keeps a reference to
// `store`, so the store must outlive it.
http::HandlerFunc Server(Store& store);

}  // namespace tutorial
