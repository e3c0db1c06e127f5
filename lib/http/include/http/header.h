// http::Header: the header fields of a request or a response, like Go's http.Header.
//
// Field names compare case-insensitively ("content-type" and "Content-Type" are one field), and a
// field may hold several values, in the order they were added.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace http {

// Orders strings as if both were lower case (ASCII); transparent, so lookups take a string_view.
struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const noexcept;
};

// Whether the two are equal but for ASCII case: how HTTP compares field names and tokens such as
// "close" in `Connection: close`.
bool EqualsIgnoringCase(std::string_view a, std::string_view b) noexcept;

class Header {
 public:
  using Fields = std::map<std::string, std::vector<std::string>, CaseInsensitiveLess>;

  // The first value of the field, or "" when it is absent (as in Go).
  std::string Get(std::string_view key) const;
  // Every value of the field, in the order they were added; empty when it is absent.
  std::vector<std::string> Values(std::string_view key) const;
  bool Has(std::string_view key) const { return fields_.contains(key); }

  // Replaces every value of the field with `value`.
  void Set(std::string_view key, std::string value);
  // Appends `value` to the field's values.
  void Add(std::string_view key, std::string value);
  void Del(std::string_view key);

  // Every field, for code that copies headers to the wire (the cpp-httplib adapter).
  const Fields& All() const noexcept { return fields_; }
  bool empty() const noexcept { return fields_.empty(); }

  friend bool operator==(const Header&, const Header&) = default;

 private:
  Fields fields_;
};

}  // namespace http
