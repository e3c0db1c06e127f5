// Chapter 8's handler, which you do not edit: chapter 4's, for a named thing. GET /<name> answers
// the store's data for <name>; when the store fails, it writes nothing if the request's context is
// done (its client, or its stream, is gone), and 500 otherwise.
#pragma once

#include "http/handler.h"
#include "store.h"

namespace tutorial {

http::HandlerFunc Server(Store& store);

}  // namespace tutorial
