// md5, sha2 and crc32 against the values that Spark's tests and examples assert
// (HashExpressionsSuite, the functions' documented examples, and acceptance case functions-100).
#include "engine/expr/digest.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

namespace sluice::engine {
namespace {

const std::string kOneToSix("\x01\x02\x03\x04\x05\x06", 6);  // binary 0x010203040506

TEST(DigestTest, Md5FromSpark) {
  EXPECT_EQ(Md5Hex("ABC"), "902fbdd2b1df0c4f70b4a5d23525e932");
  EXPECT_EQ(Md5Hex(kOneToSix), "6ac1e56bc78f031059be7be854522c4c");
  EXPECT_EQ(Md5Hex("Spark"), "8cde774d6f7333752ed72cacddb05126");
  EXPECT_EQ(Md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");  // RFC 1321's empty-string digest
}

TEST(DigestTest, Sha2FromSpark) {
  EXPECT_EQ(Sha2Hex("ABC", 224), "107c5072b799c4771f328304cfe1ebb375eb6ea7f35a3aa753836fad");
  const std::string abc256 = "b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78";
  EXPECT_EQ(Sha2Hex("ABC", 256), abc256);
  EXPECT_EQ(Sha2Hex("ABC", 0), abc256);  // 0 means 256
  EXPECT_EQ(Sha2Hex(kOneToSix, 256),
            "7192385c3c0605de55bb9476ce1d90748190ecb32a8eed7f5207b30cf6a1fe89");
  EXPECT_EQ(Sha2Hex(kOneToSix, 384),
            "557cfe660c753b830efa61528fc350ef384a7a4b9d3467c6230049bc59548eb8"
            "a404874baff89cb0f9bd18400829fdc2");
  EXPECT_EQ(Sha2Hex("ABC", 512),
            "397118fdac8d83ad98813c50759c85b8c47565d8268bf10da483153b747a7474"
            "3a58a90e85aa9f705ce6984ffc128db567489817e4092d050d8a1cc596ddc119");
  EXPECT_EQ(Sha2Hex("Spark", 256),
            "529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b");
}

TEST(DigestTest, Sha2UnsupportedBitsAreNull) {
  for (int32_t bits : {1024, 128, 160, -1, -256, 1, 255, 257}) {
    EXPECT_EQ(Sha2Hex("ABC", bits), std::nullopt) << bits;
  }
}

TEST(DigestTest, Crc32FromSpark) {
  EXPECT_EQ(Crc32("ABC"), 2743272264LL);  // above 2^31: a long, never negative
  EXPECT_EQ(Crc32(kOneToSix), 2180413220LL);
  EXPECT_EQ(Crc32("Spark"), 1557323817LL);
  EXPECT_EQ(Crc32(""), 0);
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926LL);  // the CRC-32 check value
}

// CRC-32 (reflected polynomial 0xEDB88320, as java.util.zip.CRC32), one bit at a time.
int64_t BitwiseCrc32(const std::string& bytes) {
  uint32_t crc = 0xffffffffu;
  for (unsigned char b : bytes) {
    crc ^= b;
    for (int i = 0; i < 8; ++i) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return static_cast<int64_t>(crc ^ 0xffffffffu);
}

RC_GTEST_PROP(DigestProp, Crc32EqualsBitwiseDefinition, (const std::string& bytes)) {
  RC_ASSERT(Crc32(bytes) == BitwiseCrc32(bytes));
}

bool IsLowerHex(const std::string& s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Every digest is lower-case hex of its algorithm's width, and 0 is the same as 256.
RC_GTEST_PROP(DigestProp, HexShapeAndDefaultWidth, (const std::string& bytes)) {
  const std::string md5 = Md5Hex(bytes);
  RC_ASSERT(md5.size() == 32u && IsLowerHex(md5));
  for (int32_t bits : {224, 256, 384, 512}) {
    const std::optional<std::string> hex = Sha2Hex(bytes, bits);
    RC_ASSERT(hex.has_value());
    RC_ASSERT(hex->size() == static_cast<size_t>(bits / 4) && IsLowerHex(*hex));
  }
  RC_ASSERT(Sha2Hex(bytes, 0) == Sha2Hex(bytes, 256));
}

}  // namespace
}  // namespace sluice::engine
