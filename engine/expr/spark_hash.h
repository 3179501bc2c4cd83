// Spark's row hash primitives: Murmur3 x86_32 (the SQL function `hash`, and the hash that Spark's
// hash partitioning uses) and xxHash64 (the SQL function `xxhash64`), bit for bit.
//
// Both SQL functions fold their arguments left to right: the running hash starts at the seed (42
// for both) and each argument's value is hashed with the running hash as its seed, the result
// becoming the new running hash. Column kernels call the value-level functions below once per
// value, in that order. How HashExpression feeds one value of each Spark type:
//
//   null                       the running hash is left unchanged (also inside arrays, structs
//                              and maps: a null element, field, key or value is skipped)
//   boolean                    HashInt(1 or 0)
//   byte, short, int, date     HashInt of the value, sign-extended to 32 bits (date: days)
//   long, timestamp,           HashLong of the value (timestamps: microseconds since the epoch;
//   timestamp_ntz, day-time    day-time intervals: microseconds)
//   interval
//   year-month interval        HashInt(months)
//   time                       HashLong(nanoseconds since midnight)
//   float                      HashInt(SparkFloatHashBits(v)): -0.0 is hashed as 0.0, and every
//                              NaN as the one canonical NaN (Java's floatToIntBits)
//   double                     HashLong(SparkDoubleHashBits(v)): likewise (doubleToLongBits)
//   decimal(p, s)              p <= 18: HashLong(unscaled value); p > 18: HashUnsafeBytes of the
//                              unscaled value's minimal big-endian two's-complement bytes (Java's
//                              BigInteger.toByteArray). The choice follows the declared precision,
//                              not the magnitude of the value.
//   string (UTF8_BINARY),      HashUnsafeBytes of the UTF-8 bytes / the bytes
//   binary
//   array                      each element in index order, each with the running hash as seed
//   struct                     each field in declaration order, likewise
//   map                        entry by entry in the map's stored order: key, then value
//
// The nested walk (arrays, structs, maps) belongs to the column kernels; this header provides the
// scalar steps. Not covered here: calendar intervals (Spark's interpreted and generated code
// disagree on whether `days` is hashed), strings under non-binary collations (Spark hashes a
// collation key instead), and Spark's nanosecond timestamp types.
//
// Byte strings are read as little-endian words, as the JVM does on every platform Spark runs on;
// the results do not depend on the host's byte order.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

#include "spec/check.h"

namespace sluice::engine {

// Spark's Murmur3_x86_32 as its `hash` expression uses it. HashInt and HashLong hash the 4 or 8
// little-endian bytes of the value exactly as reference Murmur3 would. HashUnsafeBytes is Spark's
// legacy byte hash (`hashUnsafeBytes`, not `hashUnsafeBytes2`): whole 4-byte words as in the
// reference, but each trailing byte (1 to 3 of them) is sign-extended to an int and mixed in as a
// block of its own, so for lengths that are not a multiple of 4 it differs from reference Murmur3.
struct SparkMurmur3 {
  using Hash = int32_t;
  static constexpr Hash kSeed = 42;  // the seed of the SQL function `hash`

  static Hash HashInt(int32_t value, Hash seed);
  static Hash HashLong(int64_t value, Hash seed);
  static Hash HashUnsafeBytes(std::string_view bytes, Hash seed);
};

// Spark's XXH64 as its `xxhash64` expression uses it: standard xxHash64 (libxxhash) with the seed
// read as an unsigned 64-bit value. HashInt hashes the 4 little-endian bytes of the value and
// HashLong the 8; HashUnsafeBytes hashes the bytes as given. Spark's XXH64 has no byte-tail quirk.
struct SparkXxHash64 {
  using Hash = int64_t;
  static constexpr Hash kSeed = 42;  // the seed of the SQL function `xxhash64`

  static Hash HashInt(int32_t value, Hash seed);
  static Hash HashLong(int64_t value, Hash seed);
  static Hash HashUnsafeBytes(std::string_view bytes, Hash seed);
};

// The bits that Spark hashes for a float or a double: the IEEE bit pattern, except that -0.0 gives
// the bits of 0.0 and every NaN gives the canonical quiet NaN (0x7fc00000 / 0x7ff8000000000000).
int32_t SparkFloatHashBits(float value);
int64_t SparkDoubleHashBits(double value);

// The unscaled value of a decimal as Java's BigInteger.toByteArray() writes it: big-endian two's
// complement in the fewest bytes that keep the sign bit (0 is one 0x00 byte, 128 is 00 80, -129 is
// ff 7f). Every decimal of precision up to 38 fits in 16 bytes.
struct DecimalBytes {
  std::array<uint8_t, 16> bytes{};
  size_t size = 0;
  std::string_view View() const {
    return std::string_view(reinterpret_cast<const char*>(bytes.data()), size);
  }
};
DecimalBytes DecimalUnscaledBytes(__int128 unscaled);

inline constexpr int kDecimalMaxPrecision = 38;
inline constexpr int kDecimalMaxLongDigits = 18;  // Spark's Decimal.MAX_LONG_DIGITS

// One value of a scalar Spark type hashed with `seed`, for either hasher (SparkMurmur3 or
// SparkXxHash64), following the table at the top of this file. Nulls never reach these: the
// caller keeps the running hash as it is. Integral types narrower than int (byte, short), dates
// and year-month intervals go through Hasher::HashInt; long, timestamps and day-time intervals
// through Hasher::HashLong.
template <typename Hasher>
typename Hasher::Hash SparkHashBoolean(bool value, typename Hasher::Hash seed) {
  return Hasher::HashInt(value ? 1 : 0, seed);
}

template <typename Hasher>
typename Hasher::Hash SparkHashFloat(float value, typename Hasher::Hash seed) {
  return Hasher::HashInt(SparkFloatHashBits(value), seed);
}

template <typename Hasher>
typename Hasher::Hash SparkHashDouble(double value, typename Hasher::Hash seed) {
  return Hasher::HashLong(SparkDoubleHashBits(value), seed);
}

// REQUIRES: 1 <= precision <= 38, and `unscaled` has at most `precision` digits.
template <typename Hasher>
typename Hasher::Hash SparkHashDecimal(__int128 unscaled, int precision,
                                       typename Hasher::Hash seed) {
  SLUICE_CHECK(precision >= 1 && precision <= kDecimalMaxPrecision,
               "decimal precision must be in [1, 38]");
  if (precision <= kDecimalMaxLongDigits) {
    SLUICE_CHECK(unscaled >= std::numeric_limits<int64_t>::min() &&
                     unscaled <= std::numeric_limits<int64_t>::max(),
                 "a decimal of precision <= 18 has an unscaled value that fits in a long");
    return Hasher::HashLong(static_cast<int64_t>(unscaled), seed);
  }
  const DecimalBytes bytes = DecimalUnscaledBytes(unscaled);
  return Hasher::HashUnsafeBytes(bytes.View(), seed);
}

// Strings (UTF-8 bytes, binary collation) and binary values.
template <typename Hasher>
typename Hasher::Hash SparkHashBytes(std::string_view bytes, typename Hasher::Hash seed) {
  return Hasher::HashUnsafeBytes(bytes, seed);
}

}  // namespace sluice::engine
