#include "storage/varint.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace sluice::storage {
namespace {

std::string VarintOf(uint64_t v) {
  std::string out(kMaxVarintBytes, '\0');
  out.resize(static_cast<size_t>(PutVarint(out.data(), v) - out.data()));
  return out;
}

// The varint read from `bytes`, if it is one varint and nothing after it.
std::optional<uint64_t> Read(const std::string& bytes) {
  uint64_t v = 0;
  const char* end = bytes.data() + bytes.size();
  const char* after = GetVarint(bytes.data(), end, &v);
  if (after != end) return std::nullopt;
  return v;
}

TEST(Varint, TheEdgesOfEachLength) {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  EXPECT_EQ(VarintOf(0), std::string(1, '\0'));
  EXPECT_EQ(VarintOf(127), "\x7f");
  EXPECT_EQ(VarintOf(128), "\x80\x01");
  EXPECT_EQ(VarintOf(300), "\xac\x02");
  EXPECT_EQ(VarintOf(uint64_t{1} << 63), std::string(9, '\x80') + "\x01");
  EXPECT_EQ(VarintOf(kMax), std::string(9, '\xff') + "\x01");
  for (int bits = 0; bits <= 64; ++bits) {
    const uint64_t v = bits == 64 ? kMax : (uint64_t{1} << bits) - 1;
    EXPECT_EQ(VarintOf(v).size(), VarintBytes(v)) << bits;
    EXPECT_EQ(VarintBytes(v), bits == 0 ? 1u : (static_cast<size_t>(bits) + 6) / 7) << bits;
    EXPECT_EQ(Read(VarintOf(v)), v) << bits;
    std::string wide(16, '?');
    wide.resize(static_cast<size_t>(PutVarintWide(wide.data(), v, VarintBytes(v)) - wide.data()));
    EXPECT_EQ(wide, VarintOf(v)) << bits;
  }
}

TEST(Varint, OnlyTheShortestFormReads) {
  EXPECT_EQ(Read(std::string("\x80\x00", 2)), std::nullopt);        // 0 in two bytes
  EXPECT_EQ(Read(std::string("\xff\x00", 2)), std::nullopt);        // 127 in two bytes
  EXPECT_EQ(Read(std::string(9, '\xff') + "\x02"), std::nullopt);   // 65 bits
  EXPECT_EQ(Read(std::string(10, '\x80') + "\x01"), std::nullopt);  // eleven bytes
  EXPECT_EQ(Read("\x80"), std::nullopt);                            // cut short
  EXPECT_EQ(Read(""), std::nullopt);
}

RC_GTEST_PROP(Varint, ANumberReadsBackFromItsVarint, (uint64_t v)) {
  const std::string bytes = VarintOf(v);
  RC_ASSERT(bytes.size() == VarintBytes(v));
  RC_ASSERT(Read(bytes) == std::optional<uint64_t>(v));
  // The one-store writer writes the same bytes.
  std::string wide(kMaxVarintBytes + 8, '?');
  const char* after = PutVarintWide(wide.data(), v, VarintBytes(v));
  const char* begin = wide.data();
  RC_ASSERT(std::string(begin, after) == bytes);
  // No prefix of it reads: the high bit says another byte follows.
  for (size_t n = 0; n < bytes.size(); ++n) RC_ASSERT(!Read(bytes.substr(0, n)).has_value());
}

RC_GTEST_PROP(Varint, ZigZagIsABijectionThatKeepsSmallNumbersSmall, (int64_t v)) {
  RC_ASSERT(UnZigZag(ZigZag(v)) == v);
  const uint64_t magnitude = v < 0 ? ~static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  RC_ASSERT(ZigZag(v) == 2 * magnitude + (v < 0 ? 1 : 0));
}

}  // namespace
}  // namespace sluice::storage
