// Spark's Murmur3 and xxHash64 primitives against the values that Spark's own tests and examples
// assert (Murmur3_x86_32Suite, XXH64Suite, HashExpressionsSuite, the hash/xxhash64 examples that
// ExpressionInfoSuite runs, and the acceptance case functions-102).
#include "engine/expr/spark_hash.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace sluice::engine {
namespace {

using M = SparkMurmur3;
using X = SparkXxHash64;

std::string LittleEndianBytes(uint64_t value, size_t size) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<char>(value >> (8 * i));
  return out;
}

std::string FromBytes(const std::vector<int>& bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

// Murmur3_x86_32Suite: testKnownIntegerInputs and testKnownLongInputs, seed 0.
TEST(SparkMurmur3Test, KnownIntsAndLongsFromSparkSuite) {
  EXPECT_EQ(M::HashInt(0, 0), 593689054);
  EXPECT_EQ(M::HashInt(-42, 0), -189366624);
  EXPECT_EQ(M::HashInt(42, 0), -1134849565);
  EXPECT_EQ(M::HashInt(std::numeric_limits<int32_t>::min(), 0), -1718298732);
  EXPECT_EQ(M::HashInt(std::numeric_limits<int32_t>::max(), 0), -1653689534);
  EXPECT_EQ(M::HashLong(0, 0), 1669671676);
  EXPECT_EQ(M::HashLong(-42, 0), -846261623);
  EXPECT_EQ(M::HashLong(42, 0), 1871679806);
  EXPECT_EQ(M::HashLong(std::numeric_limits<int64_t>::min(), 0), 1366273829);
  EXPECT_EQ(M::HashLong(std::numeric_limits<int64_t>::max(), 0), -2106506049);
}

// HashExpressionsSuite "SPARK-52828" (UTF8_BINARY rows): hash(s) and xxhash64(s), seed 42. The
// lengths 3, 5 and 6 take Spark's legacy Murmur3 byte tail.
TEST(SparkHashTest, StringsFromSparkSuite) {
  struct Case {
    std::string s;
    int32_t murmur3;
    int64_t xxhash64;
  };
  const Case cases[] = {
      {"AAA", 22125783, 3965631622972380050LL},
      {"AAA  ", 399014599, 196039582279068044LL},
      {"aaa", -1689629761, 2465751751477118478LL},
      {"aaa   ", -1721438718, -2249763606958050730LL},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(SparkHashBytes<M>(c.s, M::kSeed), c.murmur3) << c.s;
    EXPECT_EQ(SparkHashBytes<X>(c.s, X::kSeed), c.xxhash64) << c.s;
  }
}

// hash('Spark', array(123), 2) and xxhash64 of the same (the expressions' documented examples,
// and acceptance case functions-102): the running hash threads through the string, the array's
// one element and the int.
TEST(SparkHashTest, ChainedArgumentsFromSparkExample) {
  int32_t h = M::kSeed;
  h = M::HashUnsafeBytes("Spark", h);
  h = M::HashInt(123, h);  // array(123): its elements in order
  h = M::HashInt(2, h);
  EXPECT_EQ(h, -1321691492);

  int64_t x = X::kSeed;
  x = X::HashUnsafeBytes("Spark", x);
  x = X::HashInt(123, x);
  x = X::HashInt(2, x);
  EXPECT_EQ(x, 5602566077635097486LL);
}

// HashExpressionsSuite "SPARK-35113" (seed 10): a day-time interval of 1237123123 s is its
// microseconds as a long, a year-month interval of 1234 months its months as an int; "Support
// TimeType": 23:50:59.123456 is its nanoseconds since midnight as a long.
TEST(SparkHashTest, IntervalsAndTimeFromSparkSuite) {
  const int64_t day_time_micros = 1237123123LL * 1000000;
  EXPECT_EQ(M::HashLong(day_time_micros, 10), -428664612);
  EXPECT_EQ(X::HashLong(day_time_micros, 10), 8228802290839366895LL);
  EXPECT_EQ(M::HashInt(1234, 10), -686520021);
  EXPECT_EQ(X::HashInt(1234, 10), -1774215319882784110LL);
  const int64_t time_nanos = ((23LL * 60 + 50) * 60 + 59) * 1000000000 + 123456000;
  EXPECT_EQ(M::HashLong(time_nanos, 10), 545499634);
  EXPECT_EQ(X::HashLong(time_nanos, 10), -3550518982366774761LL);
}

// XXH64Suite's test buffer: byte i is bits 24..31 of PRIME squared i times (64-bit wrap-around).
constexpr int64_t kXxPrime = 2654435761LL;
std::string XxSuiteBuffer() {
  std::string buffer(101, '\0');
  uint64_t seed = static_cast<uint64_t>(kXxPrime);
  for (char& b : buffer) {
    b = static_cast<char>(seed >> 24);
    seed *= seed;
  }
  return buffer;
}

TEST(SparkXxHash64Test, KnownValuesFromSparkSuite) {
  const std::string buffer = XxSuiteBuffer();
  const int32_t test_int = 0x4B1FFF9E;  // the buffer's first 4 bytes
  const auto test_long = static_cast<int64_t>(0xDD2F535E4B1FFF9EULL);
  ASSERT_EQ(buffer.substr(0, 8), LittleEndianBytes(static_cast<uint64_t>(test_long), 8));
  auto u = [](uint64_t v) { return static_cast<int64_t>(v); };
  EXPECT_EQ(X::HashInt(test_int, 0), u(0x9256E58AA397AEF1ULL));
  EXPECT_EQ(X::HashInt(test_int, kXxPrime), u(0x09D5FFDFB928AB4BULL));
  EXPECT_EQ(X::HashLong(test_long, 0), u(0xF74CB1451B32B8CFULL));
  EXPECT_EQ(X::HashLong(test_long, kXxPrime), u(0x9C44B77FBCC302C5ULL));
  struct Case {
    size_t length;
    uint64_t seed0;
    uint64_t seed_prime;
  };
  const Case cases[] = {
      {0, 0xEF46DB3751D8E999ULL, 0xAC75FDA2929B17EFULL},
      {1, 0x4FCE394CC88952D8ULL, 0x739840CB819FA723ULL},
      {4, 0x9256E58AA397AEF1ULL, 0x09D5FFDFB928AB4BULL},
      {8, 0xF74CB1451B32B8CFULL, 0x9C44B77FBCC302C5ULL},
      {14, 0xCFFA8DB881BC3A3DULL, 0x5B9611585EFCC9CBULL},
      {101, 0x0EAB543384F878ADULL, 0xCAA65939306F1E21ULL},
  };
  for (const Case& c : cases) {
    const std::string_view bytes(buffer.data(), c.length);
    EXPECT_EQ(X::HashUnsafeBytes(bytes, 0), u(c.seed0)) << c.length;
    EXPECT_EQ(X::HashUnsafeBytes(bytes, kXxPrime), u(c.seed_prime)) << c.length;
  }
}

// Reference Murmur3 x86_32 (the tail packed into one block), to show where Spark departs from it.
int32_t ReferenceMurmur3(std::string_view bytes, uint32_t seed) {
  auto mix_k1 = [](uint32_t k) { return std::rotl(k * 0xcc9e2d51u, 15) * 0x1b873593u; };
  uint32_t h = seed;
  const size_t aligned = bytes.size() - bytes.size() % 4;
  for (size_t i = 0; i < aligned; i += 4) {
    uint32_t k = 0;
    for (size_t j = 0; j < 4; ++j) k |= static_cast<uint32_t>(uint8_t(bytes[i + j])) << (8 * j);
    h = std::rotl(h ^ mix_k1(k), 13) * 5 + 0xe6546b64u;
  }
  uint32_t tail = 0;
  for (size_t j = aligned; j < bytes.size(); ++j) {
    tail |= static_cast<uint32_t>(uint8_t(bytes[j])) << (8 * (j - aligned));
  }
  if (bytes.size() % 4 != 0) h ^= mix_k1(tail);
  h ^= static_cast<uint32_t>(bytes.size());
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return static_cast<int32_t>(h);
}

// Spark's hash of a single byte string of one byte: the byte, widened to an int, is one block.
int32_t OneTailByteFormula(int32_t widened, uint32_t seed) {
  const uint32_t k = std::rotl(static_cast<uint32_t>(widened) * 0xcc9e2d51u, 15) * 0x1b873593u;
  uint32_t h = std::rotl(seed ^ k, 13) * 5 + 0xe6546b64u;
  h ^= 1;  // the length
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return static_cast<int32_t>(h);
}

TEST(SparkMurmur3Test, ByteTailIsSparksLegacyVariant) {
  // Whole words agree with the reference (reference murmur3_32("test", 0) is 0xba6bd213)...
  EXPECT_EQ(M::HashUnsafeBytes("test", 0), static_cast<int32_t>(0xba6bd213u));
  EXPECT_EQ(M::HashUnsafeBytes("test", 0), ReferenceMurmur3("test", 0));
  EXPECT_EQ(M::HashUnsafeBytes("", 42), ReferenceMurmur3("", 42));
  // ...a tail does not: "aaa" is Spark's -1689629761 (checked above), not the reference value.
  EXPECT_NE(M::HashUnsafeBytes("aaa", 42), ReferenceMurmur3("aaa", 42));
  // A tail byte >= 0x80 is widened as a signed Java byte: 0x80 is mixed in as the int -128.
  EXPECT_EQ(M::HashUnsafeBytes("\x80", 42), OneTailByteFormula(-128, 42));
  EXPECT_NE(M::HashUnsafeBytes("\x80", 42), OneTailByteFormula(128, 42));
}

TEST(SparkHashTest, FloatsAndDoublesNormalizeZeroAndNaN) {
  // HashExpressionsSuite "SPARK-35207": -0.0 and 0.0 hash alike.
  EXPECT_EQ(SparkHashFloat<M>(-0.0f, 42), SparkHashFloat<M>(0.0f, 42));
  EXPECT_EQ(SparkHashFloat<M>(-0.0f, 42), M::HashInt(0, 42));
  EXPECT_EQ(SparkHashDouble<X>(-0.0, 42), SparkHashDouble<X>(0.0, 42));
  EXPECT_EQ(SparkHashDouble<M>(-0.0, 42), M::HashLong(0, 42));
  // Every NaN is the canonical one, as Java's floatToIntBits/doubleToLongBits give.
  const float odd_nan = std::bit_cast<float>(0xffc00123u);
  ASSERT_TRUE(std::isnan(odd_nan));
  EXPECT_EQ(SparkFloatHashBits(odd_nan), 0x7fc00000);
  EXPECT_EQ(SparkDoubleHashBits(-std::numeric_limits<double>::quiet_NaN()), 0x7ff8000000000000);
  EXPECT_EQ(SparkHashFloat<X>(odd_nan, 42), X::HashInt(0x7fc00000, 42));
  // Other values hash their bit pattern.
  EXPECT_EQ(SparkFloatHashBits(1.5f), 0x3fc00000);
  EXPECT_EQ(SparkDoubleHashBits(-2.0), static_cast<int64_t>(0xc000000000000000ULL));
  EXPECT_EQ(SparkHashDouble<M>(1.0, 42), M::HashLong(0x3ff0000000000000, 42));
}

TEST(SparkHashTest, BooleansAreOneAndZero) {
  EXPECT_EQ(SparkHashBoolean<M>(true, 42), M::HashInt(1, 42));
  EXPECT_EQ(SparkHashBoolean<X>(false, 42), X::HashInt(0, 42));
  EXPECT_NE(SparkHashBoolean<M>(true, 42), SparkHashBoolean<M>(false, 42));
}

TEST(DecimalUnscaledBytesTest, MatchesJavaBigIntegerToByteArray) {
  auto bytes = [](__int128 v) { return std::string(DecimalUnscaledBytes(v).View()); };
  EXPECT_EQ(bytes(0), FromBytes({0x00}));
  EXPECT_EQ(bytes(1), FromBytes({0x01}));
  EXPECT_EQ(bytes(127), FromBytes({0x7f}));
  EXPECT_EQ(bytes(128), FromBytes({0x00, 0x80}));
  EXPECT_EQ(bytes(255), FromBytes({0x00, 0xff}));
  EXPECT_EQ(bytes(256), FromBytes({0x01, 0x00}));
  EXPECT_EQ(bytes(-1), FromBytes({0xff}));
  EXPECT_EQ(bytes(-128), FromBytes({0x80}));
  EXPECT_EQ(bytes(-129), FromBytes({0xff, 0x7f}));
  EXPECT_EQ(bytes(-256), FromBytes({0xff, 0x00}));
  // 123456789123456789123 is 0x6b14e9f9b0df36a83: nine bytes, and its negation likewise.
  const __int128 big = static_cast<__int128>(123456789123456789LL) * 1000 + 123;
  EXPECT_EQ(bytes(big), FromBytes({0x06, 0xb1, 0x4e, 0x9f, 0x9b, 0x0d, 0xf3, 0x6a, 0x83}));
  EXPECT_EQ(bytes(-big), FromBytes({0xf9, 0x4e, 0xb1, 0x60, 0x64, 0xf2, 0x0c, 0x95, 0x7d}));
  // 10^38 - 1, the largest decimal(38, 0), takes all 16 bytes.
  __int128 max38 = 1;
  for (int i = 0; i < 38; ++i) max38 *= 10;
  max38 -= 1;
  EXPECT_EQ(DecimalUnscaledBytes(max38).size, 16u);
  EXPECT_EQ(DecimalUnscaledBytes(-max38).size, 16u);
}

TEST(SparkHashTest, DecimalPrecisionPicksLongOrBytes) {
  // Precision <= 18 hashes the unscaled long; above it, the BigInteger bytes, even for 1.
  EXPECT_EQ(SparkHashDecimal<M>(12345, 18, 42), M::HashLong(12345, 42));
  EXPECT_EQ(SparkHashDecimal<X>(-7, 10, 42), X::HashLong(-7, 42));
  EXPECT_EQ(SparkHashDecimal<M>(1, 19, 42), M::HashUnsafeBytes(FromBytes({0x01}), 42));
  const __int128 big = static_cast<__int128>(123456789123456789LL) * 1000 + 123;
  EXPECT_EQ(
      SparkHashDecimal<X>(big, 38, 42),
      X::HashUnsafeBytes(FromBytes({0x06, 0xb1, 0x4e, 0x9f, 0x9b, 0x0d, 0xf3, 0x6a, 0x83}), 42));
  EXPECT_NE(SparkHashDecimal<M>(1, 18, 42), SparkHashDecimal<M>(1, 19, 42));
}

// Properties.

// Spark's XXH64.hashInt / hashLong formulas, as read from its source, against libxxhash.
int64_t SparkXxHashLongFormula(int64_t input, int64_t seed) {
  constexpr uint64_t p1 = 0x9E3779B185EBCA87ULL, p2 = 0xC2B2AE3D27D4EB4FULL;
  constexpr uint64_t p3 = 0x165667B19E3779F9ULL, p4 = 0x85EBCA77C2B2AE63ULL;
  constexpr uint64_t p5 = 0x27D4EB2F165667C5ULL;
  uint64_t h = static_cast<uint64_t>(seed) + p5 + 8;
  h ^= std::rotl(static_cast<uint64_t>(input) * p2, 31) * p1;
  h = std::rotl(h, 27) * p1 + p4;
  h ^= h >> 33;
  h *= p2;
  h ^= h >> 29;
  h *= p3;
  h ^= h >> 32;
  return static_cast<int64_t>(h);
}

int64_t SparkXxHashIntFormula(int32_t input, int64_t seed) {
  constexpr uint64_t p1 = 0x9E3779B185EBCA87ULL, p2 = 0xC2B2AE3D27D4EB4FULL;
  constexpr uint64_t p3 = 0x165667B19E3779F9ULL, p5 = 0x27D4EB2F165667C5ULL;
  uint64_t h = static_cast<uint64_t>(seed) + p5 + 4;
  h ^= static_cast<uint64_t>(static_cast<uint32_t>(input)) * p1;
  h = std::rotl(h, 23) * p2 + p3;
  h ^= h >> 33;
  h *= p2;
  h ^= h >> 29;
  h *= p3;
  h ^= h >> 32;
  return static_cast<int64_t>(h);
}

RC_GTEST_PROP(SparkXxHash64Prop, LibraryEqualsSparkFormulas, (int64_t value, int64_t seed)) {
  RC_ASSERT(X::HashLong(value, seed) == SparkXxHashLongFormula(value, seed));
  const auto narrow = static_cast<int32_t>(value);
  RC_ASSERT(X::HashInt(narrow, seed) == SparkXxHashIntFormula(narrow, seed));
}

RC_GTEST_PROP(SparkHashProp, WordsHashLikeTheirLittleEndianBytes, (int64_t value, int32_t seed)) {
  const auto narrow = static_cast<int32_t>(value);
  const std::string four = LittleEndianBytes(static_cast<uint32_t>(narrow), 4);
  const std::string eight = LittleEndianBytes(static_cast<uint64_t>(value), 8);
  RC_ASSERT(M::HashUnsafeBytes(four, seed) == M::HashInt(narrow, seed));
  RC_ASSERT(M::HashUnsafeBytes(eight, seed) == M::HashLong(value, seed));
  RC_ASSERT(X::HashUnsafeBytes(four, seed) == X::HashInt(narrow, seed));
  RC_ASSERT(X::HashUnsafeBytes(eight, seed) == X::HashLong(value, seed));
}

// The same bytes hash alike wherever they sit (a view at any offset into a larger buffer), and
// Spark's Murmur3 agrees with the reference exactly when there is no tail.
RC_GTEST_PROP(SparkHashProp, BytesHashIndependentOfPlacement,
              (const std::string& bytes, const std::string& prefix, int32_t seed)) {
  const std::string buffer = prefix + bytes + "trailing";
  const std::string_view view(buffer.data() + prefix.size(), bytes.size());
  RC_ASSERT(M::HashUnsafeBytes(view, seed) == M::HashUnsafeBytes(bytes, seed));
  RC_ASSERT(X::HashUnsafeBytes(view, seed) == X::HashUnsafeBytes(bytes, seed));
  if (bytes.size() % 4 == 0) {
    RC_ASSERT(M::HashUnsafeBytes(bytes, seed) == ReferenceMurmur3(bytes, seed));
  }
}

// DecimalUnscaledBytes is two's complement big-endian (decodes back to the value) and minimal
// (dropping the first byte would change the value or its sign).
RC_GTEST_PROP(DecimalUnscaledBytesProp, DecodesBackAndIsMinimal, (int64_t high, uint64_t low)) {
  const __int128 value = (static_cast<__int128>(high) << 64) | low;
  const DecimalBytes bytes = DecimalUnscaledBytes(value);
  auto decode = [&](size_t from) {
    unsigned __int128 acc = (bytes.bytes[from] & 0x80) ? ~static_cast<unsigned __int128>(0) : 0;
    for (size_t i = from; i < bytes.size; ++i) acc = (acc << 8) | bytes.bytes[i];
    return static_cast<__int128>(acc);
  };
  RC_ASSERT(decode(0) == value);
  if (bytes.size > 1) RC_ASSERT(decode(1) != value);
}

}  // namespace
}  // namespace sluice::engine
