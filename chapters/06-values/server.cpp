#include "server.h"

#include <charconv>
#include <optional>
#include <string_view>
#include <utility>

#include "middleware.h"

namespace tutorial {
namespace {

std::optional<UserId> ParseUserId(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return UserId{value};
}

http::HandlerFunc OrdersHandler(OrderBook& book) {
  return [&book](http::ResponseWriter& w, const http::Request& r) {
    const auto user = ParseUserId(r.header.Get(kUserIdHeader));
    if (!user) {  // a missing required input is an error the client hears about, never a guess
      w.WriteHeader(http::StatusBadRequest);
      w.Write("say whose orders: X-User-Id\n");
      return;
    }
    for (const std::string& order : book.Orders(r.Context(), *user)) w.Write(order + "\n");
  };
}

}  // namespace

http::HandlerFunc Server(OrderBook& book, std::function<std::string()> new_trace_id) {
  return WithTraceId(OrdersHandler(book), std::move(new_trace_id));
}

}  // namespace tutorial
