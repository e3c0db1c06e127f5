// How GoogleTest and GoogleMock print the standard types the kit's interfaces return, so that a
// failure reads as words instead of a category number or raw bytes:
//
//   std::error_code               no error | context canceled | Connection refused [generic:111]
//   std::expected<T, E>           expected("data") | unexpected(context canceled)
//   std::expected<void, E>        expected() | unexpected(context canceled)
//   std::unexpected<E>            unexpected(context canceled)
//
// Without it, `EXPECT_EQ(rows.error(), context::Canceled)` fails with `Which is: context:2` and a
// mock's `Returns: 40-byte object <C0-87 7E-50 ...>`.
//
// Why a specialisation and not a PrintTo: GoogleTest looks for PrintTo in the namespace of the
// printed type, and a program may not add functions to namespace std. What GoogleTest calls to
// print any value is the class template testing::internal::UniversalPrinter, which it
// specialises itself for std::optional and std::variant; the kit does the same for its two types.
// Every translation unit that prints must see the same specialisation (the one-definition rule),
// so cancelkit::gtest_printers force-includes this header into everything that links GoogleTest
// through the kit (lib/testing/CMakeLists.txt): a test never includes it, and none can forget it.
#pragma once

#include <gtest/gtest.h>

#include <expected>
#include <ostream>
#include <string_view>
#include <system_error>

namespace cancelkit_testing {

// "no error" for an empty code; the message alone for the context's own errors (the words Go
// prints); otherwise the message and, in brackets, the category and value that tell two codes
// with the same message apart. (By the category's name: this library sits beside the context
// library, not above it.)
inline void PrintErrorCode(const std::error_code& code, std::ostream* os) {
  if (!code) {
    *os << "no error";
    return;
  }
  *os << code.message();
  if (std::string_view(code.category().name()) != "context") {
    *os << " [" << code.category().name() << ":" << code.value() << "]";
  }
}

}  // namespace cancelkit_testing

namespace testing::internal {

template <>
class UniversalPrinter<std::error_code> {
 public:
  static void Print(const std::error_code& code, std::ostream* os) {
    cancelkit_testing::PrintErrorCode(code, os);
  }
};

template <class T, class E>
class UniversalPrinter<std::expected<T, E>> {
 public:
  static void Print(const std::expected<T, E>& result, std::ostream* os) {
    if (result.has_value()) {
      *os << "expected(";
      if constexpr (!std::is_void_v<T>) UniversalPrint(*result, os);
      *os << ")";
    } else {
      *os << "unexpected(";
      UniversalPrint(result.error(), os);
      *os << ")";
    }
  }
};

// What a test compares an expected with: EXPECT_EQ(result, std::unexpected(context::Canceled)).
template <class E>
class UniversalPrinter<std::unexpected<E>> {
 public:
  static void Print(const std::unexpected<E>& error, std::ostream* os) {
    *os << "unexpected(";
    UniversalPrint(error.error(), os);
    *os << ")";
  }
};

}  // namespace testing::internal
