#include "storage/entry_codec.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdio>

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

// A checksum continued over a second part is the checksum of both parts, on both paths.
RC_GTEST_PROP(Crc32c, ContinuesOverPieces, (const std::string& bytes)) {
  const auto cut = *rc::gen::inRange<size_t>(0, bytes.size() + 1);
  const std::string_view whole(bytes);
  RC_ASSERT(Crc32c(whole.substr(cut), Crc32c(whole.substr(0, cut))) == Crc32c(whole));
  RC_ASSERT(Crc32cPortable(whole.substr(cut), Crc32cPortable(whole.substr(0, cut))) ==
            Crc32c(whole));
}

// A checksum line that does not start a line of its own is a torn entry, even when the checksum
// matches the bytes before it. The fuzzer built one: a body ending in "B" before "crc32c ".
TEST(DecodeEntry, RefusesAChecksumThatDoesNotStartItsOwnLine) {
  const std::string body = "v1\n{\"batchId\":0}";
  char hex[9];
  std::snprintf(hex, sizeof(hex), "%08x", Crc32c(body));
  const std::string bytes = body + "crc32c " + hex + "\n";
  const Result<std::vector<std::string>> lines = DecodeEntry(bytes, "offsets/0");
  ASSERT_FALSE(lines.ok());
  EXPECT_NE(lines.status().message().find("offsets/0: torn entry"), std::string::npos)
      << lines.status().message();
}

TEST(DecodeEntry, ReadsBackWhatEncodeEntryWrote) {
  const std::string bytes = EncodeEntry({"{\"batchId\":0}", "second"});
  const Result<std::vector<std::string>> lines = DecodeEntry(bytes, "offsets/0");
  ASSERT_TRUE(lines.ok()) << lines.status().message();
  EXPECT_EQ(lines.value(), (std::vector<std::string>{"{\"batchId\":0}", "second"}));
}

}  // namespace
}  // namespace sluice::storage
