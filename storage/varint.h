// Varints: an unsigned 64-bit number in 1 to 10 bytes, seven bits a byte, least significant first,
// the high bit of each byte set when another follows (LEB128, as protobuf writes them). Zigzag
// maps a signed number to an unsigned one whose varint is short when the number is near zero.
//
// Rules: a varint has one form, the shortest; a reader refuses any other (a last byte of zero
// after the first, or a tenth byte above 1), so that the same number always has the same bytes.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace sluice::storage {

inline constexpr size_t kMaxVarintBytes = 10;

// The bytes `v`'s varint takes: 1 to 10.
inline size_t VarintBytes(uint64_t v) {
  // One byte for each started group of seven bits; zero takes one. By table, by the count of
  // leading zero bits, so that no division lies on the path.
  static constexpr auto kBytesByLeadingZeros = [] {
    std::array<uint8_t, 64> bytes{};
    for (int zeros = 0; zeros < 64; ++zeros)
      bytes[zeros] = static_cast<uint8_t>((64 - zeros + 6) / 7);
    return bytes;
  }();
  return kBytesByLeadingZeros[__builtin_clzll(v | 1)];
}

// Writes `v`'s varint at `at` and returns the byte after it. REQUIRES: VarintBytes(v) bytes of
// room at `at`.
inline char* PutVarint(char* at, uint64_t v) {
  while (v >= 0x80) {
    *at++ = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  *at++ = static_cast<char>(v);
  return at;
}

// Writes `v`'s varint, `bytes` = VarintBytes(v) long, at `at` as one 8-byte store where it fits
// in 8 bytes (numbers below 2^56), and returns the byte after it. REQUIRES: 8 bytes of room at
// `at`, or `bytes` where that is more; the bytes after the varint within 8 are garbage.
inline char* PutVarintWide(char* at, uint64_t v, size_t bytes) {
  if (bytes > 8) return PutVarint(at, v);
  // Each group of seven bits moves to its own byte, and every byte before the last gets its
  // high bit.
  uint64_t word = 0;
  for (int group = 0; group < 8; ++group) {
    word |= (v << group) & (uint64_t{0x7f} << (8 * group));
  }
  word |= uint64_t{0x8080808080808080} & ((uint64_t{1} << (8 * (bytes - 1))) - 1);
  if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
  std::memcpy(at, &word, 8);
  return at + bytes;
}

// Reads a varint from [at, end) into `v` and returns the byte after it, or null where the bytes
// end first or the varint is not in its shortest form.
inline const char* GetVarint(const char* at, const char* end, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 70 && at < end; shift += 7) {
    const auto byte = static_cast<uint8_t>(*at++);
    if (shift == 63 && byte > 1) return nullptr;  // more than 64 bits
    result |= uint64_t{byte & 0x7fu} << shift;
    if (byte < 0x80) {
      if (byte == 0 && shift > 0) return nullptr;  // a longer form of a shorter varint
      *v = result;
      return at;
    }
  }
  return nullptr;
}

// Signed to unsigned: 0, -1, 1, -2, 2 ... become 0, 1, 2, 3, 4 ...
inline uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

}  // namespace sluice::storage
