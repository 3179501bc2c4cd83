// JSON strings as Jackson writes them (engine/expr/json_writer.cc): the fast path that appends
// runs of plain characters eight bytes at a time must write exactly what escaping each byte
// would.
#include "engine/expr/json_writer.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

namespace sluice::engine {
namespace {

// Jackson's escaping, one byte at a time: the reference.
std::string QuoteByteByByte(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "\"";
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += kHex[u >> 4];
          out += kHex[u & 0xF];
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

TEST(JsonQuote, EscapesAsJacksonDoes) {
  EXPECT_EQ(JsonQuote("plain text, / and DEL\x7f and é"), "\"plain text, / and DEL\x7f and é\"");
  EXPECT_EQ(JsonQuote(std::string("a\"b\\c\nd\x01\x1f", 9)), "\"a\\\"b\\\\c\\nd\\u0001\\u001F\"");
  EXPECT_EQ(JsonQuote("12345678\"12345678"), "\"12345678\\\"12345678\"");  // at a word's edge
}

// Strings mostly of bytes that need an escape or sit next to one, at every alignment.
RC_GTEST_PROP(JsonQuoteProperty, TheEightByteFastPathWritesWhatEscapingEachByteWrites, ()) {
  const auto bytes = *rc::gen::container<std::string>(
      rc::gen::oneOf(rc::gen::element<char>('"', '\\', '\n', '\x01', '\x1f', ' ', '\x7f', 'a'),
                     rc::gen::arbitrary<char>()));
  RC_ASSERT(JsonQuote(bytes) == QuoteByteByByte(bytes));
}

}  // namespace
}  // namespace sluice::engine
