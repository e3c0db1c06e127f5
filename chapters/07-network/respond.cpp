// Chapter 7, the exercise of step 3 (README.md): answer a failed request by why it failed.
//
// Today every failure gets a 500, written even when nobody is there to read it. The request's
// context knows more: context::Cause(r.Context()) says whether the client went away or the
// server is shutting down, and `error` whether the work ran out of time.
#include "respond.h"

#include "http/status.h"

namespace tutorial {

void RespondToFailure(http::ResponseWriter& w, [[maybe_unused]] const http::Request& r,
                      [[maybe_unused]] std::error_code error) {
  w.WriteHeader(http::StatusInternalServerError);
  w.Write("the profile could not be loaded\n");
}

}  // namespace tutorial
