// ByteOrder: the order of a set of byte strings, ascending as std::string_view compares them
// (unsigned bytes, a prefix before its extensions), computed from a 16-byte prefix of each key so
// that most comparisons touch neither the keys' memory nor memcmp.
//
// Rules: the result is a permutation of 0..n-1; equal keys keep their positions' order, so the
// result depends only on the keys.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace sluice::storage {

// Eight bytes of `key` from `at`, big-endian, zero-padded: comparing the words at 0, then at 8,
// orders two keys except where both are equal, when the keys themselves must be compared.
inline uint64_t BytePrefix(std::string_view key, size_t at = 0) {
  uint64_t prefix = 0;
  const size_t n = key.size() > at ? std::min<size_t>(key.size() - at, 8) : 0;
  for (size_t i = 0; i < n; ++i) {
    prefix |= uint64_t{static_cast<uint8_t>(key[at + i])} << (56 - 8 * i);
  }
  return prefix;
}

// REQUIRES: `key_at(i)` for i < n gives a std::string_view that stays valid during the call.
template <class KeyAt>
std::vector<uint32_t> ByteOrder(size_t n, const KeyAt& key_at) {
  struct Item {
    uint64_t prefix, next;  // bytes 0-7 and 8-15
    uint32_t index;
  };
  std::vector<Item> items(n);
  for (size_t i = 0; i < n; ++i) {
    const std::string_view key = key_at(i);
    items[i] = {BytePrefix(key), BytePrefix(key, 8), static_cast<uint32_t>(i)};
  }
  std::stable_sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    if (a.next != b.next) return a.next < b.next;
    const std::string_view ka = key_at(a.index), kb = key_at(b.index);
    if (ka != kb) return ka < kb;
    return a.index < b.index;
  });
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = items[i].index;
  return order;
}

}  // namespace sluice::storage
