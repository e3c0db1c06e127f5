// spies::SpellSlowly: the heart of a store that honours its context.
//
// It builds `text` one character at a time, taking `per_character` for each, as slow work would;
// the moment `ctx` is done it stops and returns ctx.Err(). No thread: the wait for each character
// is a timed wait on the context's stop token, so cancellation cuts it short.
#pragma once

#include <chrono>
#include <expected>
#include <string>
#include <string_view>
#include <system_error>

#include "context/context.h"

namespace spies {

inline constexpr std::chrono::milliseconds kTimePerCharacter{10};

std::expected<std::string, std::error_code> SpellSlowly(
    const context::Context& ctx, std::string_view text,
    std::chrono::milliseconds per_character = kTimePerCharacter);

}  // namespace spies
