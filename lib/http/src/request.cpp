#include "http/request.h"

#include <ostream>

namespace http {

void PrintTo(const Request& request, std::ostream* os) {
  *os << request.method << ' ' << request.target;
  if (!request.body.empty()) *os << ", " << request.body.size() << "-byte body";
  *os << " (";
  context::PrintTo(request.Context(), os);
  *os << ')';
}

}  // namespace http
