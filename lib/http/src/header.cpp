#include "http/header.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace http {

namespace {
char Lower(char c) noexcept {
  // Through unsigned char: std::tolower of a negative char is undefined behaviour.
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}
}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const noexcept {
  return std::ranges::lexicographical_compare(a, b, {}, Lower, Lower);
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) noexcept {
  return std::ranges::equal(a, b, {}, Lower, Lower);
}

std::string Header::Get(std::string_view key) const {
  const auto field = fields_.find(key);
  return field == fields_.end() || field->second.empty() ? std::string{} : field->second.front();
}

std::vector<std::string> Header::Values(std::string_view key) const {
  const auto field = fields_.find(key);
  return field == fields_.end() ? std::vector<std::string>{} : field->second;
}

void Header::Set(std::string_view key, std::string value) {
  Del(key);
  Add(key, std::move(value));
}

void Header::Add(std::string_view key, std::string value) {
  auto field = fields_.find(key);
  if (field == fields_.end())
    field = fields_.emplace(std::string(key), std::vector<std::string>{}).first;
  field->second.push_back(std::move(value));
}

void Header::Del(std::string_view key) {
  if (const auto field = fields_.find(key); field != fields_.end()) fields_.erase(field);
}

}  // namespace http
