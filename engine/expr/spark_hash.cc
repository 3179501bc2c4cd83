#include "engine/expr/spark_hash.h"

#include <xxhash.h>

#include <bit>
#include <cmath>
#include <cstring>

namespace sluice::engine {
namespace {

// Murmur3 x86_32 steps, on unsigned words so that the wrap-around arithmetic is defined.
constexpr uint32_t kMurmurC1 = 0xcc9e2d51u;
constexpr uint32_t kMurmurC2 = 0x1b873593u;

uint32_t MurmurMixK1(uint32_t k1) {
  k1 *= kMurmurC1;
  k1 = std::rotl(k1, 15);
  return k1 * kMurmurC2;
}

uint32_t MurmurMixH1(uint32_t h1, uint32_t k1) {
  h1 ^= k1;
  h1 = std::rotl(h1, 13);
  return h1 * 5 + 0xe6546b64u;
}

// The length is mixed in as Java's int: Spark's strings and arrays are under 2^31 bytes.
uint32_t MurmurFinalize(uint32_t h1, uint32_t length) {
  h1 ^= length;
  h1 ^= h1 >> 16;
  h1 *= 0x85ebca6bu;
  h1 ^= h1 >> 13;
  h1 *= 0xc2b2ae35u;
  h1 ^= h1 >> 16;
  return h1;
}

uint32_t ReadLittleEndian32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

void WriteLittleEndian(uint64_t value, unsigned char* out, size_t size) {
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<unsigned char>(value >> (8 * i));
}

int64_t XxHash64Of(const void* data, size_t size, int64_t seed) {
  return static_cast<int64_t>(XXH64(data, size, static_cast<XXH64_hash_t>(seed)));
}

}  // namespace

SparkMurmur3::Hash SparkMurmur3::HashInt(int32_t value, Hash seed) {
  const uint32_t h1 = MurmurMixH1(static_cast<uint32_t>(seed), MurmurMixK1(value));
  return static_cast<Hash>(MurmurFinalize(h1, 4));
}

SparkMurmur3::Hash SparkMurmur3::HashLong(int64_t value, Hash seed) {
  const auto bits = static_cast<uint64_t>(value);
  uint32_t h1 = MurmurMixH1(static_cast<uint32_t>(seed), MurmurMixK1(static_cast<uint32_t>(bits)));
  h1 = MurmurMixH1(h1, MurmurMixK1(static_cast<uint32_t>(bits >> 32)));
  return static_cast<Hash>(MurmurFinalize(h1, 8));
}

SparkMurmur3::Hash SparkMurmur3::HashUnsafeBytes(std::string_view bytes, Hash seed) {
  SLUICE_CHECK(bytes.size() <= static_cast<size_t>(std::numeric_limits<int32_t>::max()),
               "Spark hashes byte strings of at most 2^31 - 1 bytes");
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t aligned = bytes.size() - bytes.size() % 4;
  uint32_t h1 = static_cast<uint32_t>(seed);
  for (size_t i = 0; i < aligned; i += 4) {
    h1 = MurmurMixH1(h1, MurmurMixK1(ReadLittleEndian32(data + i)));
  }
  // Spark's legacy tail: each remaining byte is a signed Java byte widened to an int, and is
  // mixed in as a full block (the reference algorithm packs the tail into one block instead).
  for (size_t i = aligned; i < bytes.size(); ++i) {
    const auto widened = static_cast<int32_t>(static_cast<int8_t>(data[i]));
    h1 = MurmurMixH1(h1, MurmurMixK1(static_cast<uint32_t>(widened)));
  }
  return static_cast<Hash>(MurmurFinalize(h1, static_cast<uint32_t>(bytes.size())));
}

SparkXxHash64::Hash SparkXxHash64::HashInt(int32_t value, Hash seed) {
  unsigned char buffer[4];
  WriteLittleEndian(static_cast<uint32_t>(value), buffer, sizeof(buffer));
  return XxHash64Of(buffer, sizeof(buffer), seed);
}

SparkXxHash64::Hash SparkXxHash64::HashLong(int64_t value, Hash seed) {
  unsigned char buffer[8];
  WriteLittleEndian(static_cast<uint64_t>(value), buffer, sizeof(buffer));
  return XxHash64Of(buffer, sizeof(buffer), seed);
}

SparkXxHash64::Hash SparkXxHash64::HashUnsafeBytes(std::string_view bytes, Hash seed) {
  return XxHash64Of(bytes.data(), bytes.size(), seed);
}

int32_t SparkFloatHashBits(float value) {
  if (value == 0.0f) return 0;  // both zeros; Spark tests `v == -0.0f`, which 0.0f also passes
  if (std::isnan(value)) return 0x7fc00000;
  return std::bit_cast<int32_t>(value);
}

int64_t SparkDoubleHashBits(double value) {
  if (value == 0.0) return 0;
  if (std::isnan(value)) return 0x7ff8000000000000;
  return std::bit_cast<int64_t>(value);
}

DecimalBytes DecimalUnscaledBytes(__int128 unscaled) {
  const auto bits = static_cast<unsigned __int128>(unscaled);
  std::array<uint8_t, 16> big_endian{};
  for (size_t i = 0; i < big_endian.size(); ++i) {
    big_endian[i] = static_cast<uint8_t>(bits >> (8 * (big_endian.size() - 1 - i)));
  }
  // Drop a leading byte while it only repeats the sign that the next byte already carries.
  size_t start = 0;
  while (start + 1 < big_endian.size()) {
    const bool next_negative = (big_endian[start + 1] & 0x80) != 0;
    const uint8_t sign_fill = next_negative ? 0xff : 0x00;
    if (big_endian[start] != sign_fill) break;
    ++start;
  }
  DecimalBytes out;
  out.size = big_endian.size() - start;
  std::memcpy(out.bytes.data(), big_endian.data() + start, out.size);
  SLUICE_CHECK(out.size >= 1 && out.size <= 16, "a 128-bit value takes 1 to 16 bytes");
  SLUICE_CHECK(((out.bytes[0] & 0x80) != 0) == (unscaled < 0), "the first byte keeps the sign");
  return out;
}

}  // namespace sluice::engine
