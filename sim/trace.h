// TraceHash: a running FNV-1a-style hash over everything a run did (every transition, storage
// operation, crash and input event). The same seed gives the same hash, bit for bit.
#pragma once

#include <cstdint>
#include <string_view>

namespace sluice::sim {

class TraceHash {
 public:
  // FNV-1a over 8-byte words (little-endian, the tail zero-padded), then the length as a
  // separator, so "ab"+"c" differs from "a"+"bc".
  void Add(std::string_view bytes) {
    size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) Mix(Word(bytes.data() + i, 8));
    if (i < bytes.size()) Mix(Word(bytes.data() + i, bytes.size() - i));
    Mix(0xFF00000000000000ull | bytes.size());
  }
  void Add(uint64_t v) { Mix(v); }
  uint64_t value() const { return hash_; }

 private:
  static uint64_t Word(const char* p, size_t n) {
    uint64_t w = 0;
    for (size_t i = 0; i < n; ++i)
      w |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return w;
  }
  void Mix(uint64_t word) {
    hash_ ^= word;
    hash_ *= 0x100000001B3ull;
    hash_ ^= hash_ >> 29;
  }

  uint64_t hash_ = 0xCBF29CE484222325ull;
};

}  // namespace sluice::sim
