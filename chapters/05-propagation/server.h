// The chapter's server: GET /users/<id> answers with that user's name, looked up through
// UserService (cache first, then SQLite), and records every request in the audit log.
#pragma once

#include <chrono>

#include "audit_log.h"
#include "http/handler.h"
#include "user_service.h"

namespace tutorial {

// A handler that gives each request at most `request_timeout` (504 Gateway Timeout after that),
// and records how each request ended in `audit`, even when its client has gone. It keeps
// references to `users` and `audit`, which must outlive it.
http::HandlerFunc Server(UserService& users, AuditLog& audit,
                         std::chrono::milliseconds request_timeout);

}  // namespace tutorial
