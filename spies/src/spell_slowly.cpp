#include "spies/spell_slowly.h"

#include <condition_variable>
#include <mutex>

namespace spies {

std::expected<std::string, std::error_code> SpellSlowly(const context::Context& ctx,
                                                        std::string_view text,
                                                        std::chrono::milliseconds per_character) {
  // Nobody ever notifies this condition variable: we use it only for its wait that a stop token
  // can interrupt. That makes each character's pause a "sleep" that ends early on cancellation.
  std::mutex mutex;
  std::condition_variable_any nobody_notifies;
  std::unique_lock lock(mutex);

  std::string result;
  for (const char c : text) {
    nobody_notifies.wait_for(lock, ctx.Done(), per_character, [] { return false; });
    if (ctx.Done().stop_requested()) return std::unexpected(ctx.Err());
    result += c;
  }
  return result;
}

}  // namespace spies
