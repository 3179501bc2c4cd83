// TraceHash: a running FNV-1a hash over everything a run did (every transition, storage
// operation, crash and input event). The same seed gives the same hash, bit for bit.
#pragma once

#include <cstdint>
#include <string_view>

namespace sluice::sim {

class TraceHash {
 public:
  void Add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash_ ^= c;
      hash_ *= 0x100000001B3ull;
    }
    hash_ ^= 0xFF;  // a separator, so "ab"+"c" differs from "a"+"bc"
    hash_ *= 0x100000001B3ull;
  }
  void Add(uint64_t v) {
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(v >> (8 * i));
    Add(std::string_view(bytes, 8));
  }
  uint64_t value() const { return hash_; }

 private:
  uint64_t hash_ = 0xCBF29CE484222325ull;
};

}  // namespace sluice::sim
