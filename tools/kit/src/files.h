// Reading and writing whole files, for everything the kit reads or writes in the learner's tree.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace kit {

std::string ReadFile(const std::filesystem::path& path);
// Writes through a temporary file and a rename, so a crash never leaves half a file.
bool WriteFileAtomically(const std::filesystem::path& path, std::string_view content);

}  // namespace kit
