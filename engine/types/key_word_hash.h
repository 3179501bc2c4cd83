// KeyWordHash: an in-process hash of an encoded key or any other bytes, read 8 bytes at a time,
// and EqualBytes, an equality of short byte strings compared a word at a time, for the tables that
// group a batch's rows and the static join's table of keys.
//
// A key of n >= 8 bytes is read as ceil(n / 8) words: at 0, 8, 16, ..., and the last at n - 8
// (it may overlap the one before). A key of fewer bytes is one zero-padded word. The hash never
// leaves the process: state partitioning and files use StableHash, which this does not replace.
// Rules: Hash(p, n) == Fixed<ceil(n / 8)>(p, n) for every n >= 8 (a key hashes the same whether
// read by its length or by its number of words); equal bytes give equal hashes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace sluice::engine {

struct KeyWordHash {
  static constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;  // 2^64 / the golden ratio

  static uint64_t Load(const char* p) {
    uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    return word;
  }
  static uint64_t Fold(uint64_t h, uint64_t word) { return (h ^ word) * kMultiplier; }
  // MurmurHash3's finalizer: every input bit reaches the low bits that pick a slot.
  static uint64_t Finish(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
  }

  // The hash of a key of n >= 8 bytes held in kWords words. REQUIRES: kWords == ceil(n / 8).
  template <size_t kWords>
  static uint64_t Fixed(const char* p, size_t n) {
    static_assert(kWords >= 1);
    uint64_t h = n * kMultiplier;
    for (size_t i = 0; i + 1 < kWords; ++i) h = Fold(h, Load(p + 8 * i));
    return Finish(Fold(h, Load(p + n - 8)));
  }

  static uint64_t Hash(const char* p, size_t n) {
    uint64_t h = n * kMultiplier;
    if (n < 8) {
      uint64_t word = 0;
      if (n > 0) std::memcpy(&word, p, n);
      return Finish(Fold(h, word));
    }
    for (size_t at = 0; at + 8 < n; at += 8) h = Fold(h, Load(p + at));
    return Finish(Fold(h, Load(p + n - 8)));
  }
};

// Whether the n bytes at `a` and at `b` are equal. For n up to 64 they are compared inline, as
// words (two that overlap for n under 16), where a call to memcmp would cost more than the bytes:
// the short strings of keys and literals. Reads no byte outside either range.
inline bool EqualBytes(const char* a, const char* b, size_t n) {
  const auto load32 = [](const char* p) {
    uint32_t word;
    std::memcpy(&word, p, sizeof(word));
    return word;
  };
  if (n > 64) return std::memcmp(a, b, n) == 0;
  if (n >= 8) {
    for (size_t at = 0; at + 8 < n; at += 8) {
      if (KeyWordHash::Load(a + at) != KeyWordHash::Load(b + at)) return false;
    }
    return KeyWordHash::Load(a + n - 8) == KeyWordHash::Load(b + n - 8);
  }
  if (n >= 4) return ((load32(a) ^ load32(b)) | (load32(a + n - 4) ^ load32(b + n - 4))) == 0;
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace sluice::engine
