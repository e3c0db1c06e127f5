// wrong turn [plain]: a request whose context is done gets no answer, whoever ended it
//
// Right for a client that has gone, wrong for one that is still there: a client whose server
// shuts down gets the server's bare 503 and no word on when to come back, and one whose own
// deadline passed gets an empty answer instead of its 504.
#include "respond.h"

#include "context/context.h"
#include "http/status.h"

namespace tutorial {

void RespondToFailure(http::ResponseWriter& w, const http::Request& r, std::error_code error) {
  if (r.Context().Err()) return;  // nobody is listening... or so it assumes
  if (error == context::DeadlineExceeded) {
    w.WriteHeader(http::StatusGatewayTimeout);
    w.Write("the profile took too long to load\n");
    return;
  }
  w.WriteHeader(http::StatusBadGateway);
  w.Write("the profile could not be loaded\n");
}

}  // namespace tutorial
