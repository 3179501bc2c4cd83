// ByteOrder: the order of a set of byte strings, ascending as std::string_view compares them
// (unsigned bytes, a prefix before its extensions), computed from a 16-byte prefix of each key so
// that most comparisons touch neither the keys' memory nor memcmp, and most keys are placed by a
// radix sort of their first 8 bytes with no comparison at all.
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

// One key's place in a ByteOrder sort: its first two 8-byte words (BytePrefix) and its index.
struct ByteOrderItem {
  uint64_t prefix, next;  // bytes 0-7 and 8-15
  uint32_t index;
};

// Sorts `items` by `prefix` alone, stably: a least-significant-digit radix sort a byte per pass,
// which skips each byte that every item shares (keys of one shape share most of theirs).
void SortByPrefix(std::vector<ByteOrderItem>& items);

// REQUIRES: `key_at(i)` for i < n gives a std::string_view that stays valid during the call.
template <class KeyAt>
std::vector<uint32_t> ByteOrder(size_t n, const KeyAt& key_at) {
  std::vector<ByteOrderItem> items(n);
  for (size_t i = 0; i < n; ++i) {
    const std::string_view key = key_at(i);
    items[i] = {BytePrefix(key), BytePrefix(key, 8), static_cast<uint32_t>(i)};
  }
  // The order is total (equal keys by index), so sorting by the first word, then each run that
  // shares it by the rest, gives the one result any correct sort gives.
  const auto less = [&](const ByteOrderItem& a, const ByteOrderItem& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    if (a.next != b.next) return a.next < b.next;
    const std::string_view ka = key_at(a.index), kb = key_at(b.index);
    if (ka != kb) return ka < kb;
    return a.index < b.index;
  };
  constexpr size_t kFewestForRadix = 256;
  if (n < kFewestForRadix) {
    std::sort(items.begin(), items.end(), less);
  } else {
    SortByPrefix(items);
    for (size_t begin = 0; begin < n;) {
      size_t end = begin + 1;
      while (end < n && items[end].prefix == items[begin].prefix) ++end;
      if (end - begin > 1) std::sort(items.begin() + begin, items.begin() + end, less);
      begin = end;
    }
  }
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = items[i].index;
  return order;
}

}  // namespace sluice::storage
