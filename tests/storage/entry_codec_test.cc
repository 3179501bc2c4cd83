#include "storage/entry_codec.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

namespace sluice::storage {
namespace {

TEST(Crc32c, GivesTheStandardCheckValue) {
  EXPECT_EQ(Crc32c("123456789"), 0xe3069283u);
  EXPECT_EQ(Crc32cPortable("123456789"), 0xe3069283u);
  EXPECT_EQ(Crc32c(""), 0u);
}

// Lengths and offsets cover every tail after the eight-byte steps, from any alignment.
RC_GTEST_PROP(Crc32c, TheFastPathEqualsThePortableOne, (const std::string& bytes)) {
  const auto offset = *rc::gen::inRange<size_t>(0, std::min<size_t>(bytes.size(), 8) + 1);
  const std::string_view view = std::string_view(bytes).substr(offset);
  RC_ASSERT(Crc32c(view) == Crc32cPortable(view));
}

}  // namespace
}  // namespace sluice::storage
