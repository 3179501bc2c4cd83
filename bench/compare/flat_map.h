// FlatMap: the hash map of the compare workloads' hand-written side (bench/compare/workloads.cc),
// open addressing on 64-bit keys, as a practical limit would write it.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace sluice::bench::compare {

// A map from uint64 keys (all but UINT64_MAX) to V, with linear probing and power-of-two growth.
template <typename V>
class FlatMap {
 public:
  explicit FlatMap(size_t expected) { Rehash(std::bit_ceil(std::max<size_t>(16, expected * 2))); }

  V& operator[](uint64_t key) {
    if ((size_ + 1) * 2 > keys_.size()) Rehash(keys_.size() * 2);
    size_t i = Slot(key);
    while (keys_[i] != kEmpty && keys_[i] != key) i = (i + 1) & mask_;
    if (keys_[i] == kEmpty) {
      keys_[i] = key;
      values_[i] = V{};
      ++size_;
    }
    return values_[i];
  }
  // Inserts the key; false when it was there already.
  bool Insert(uint64_t key) {
    const size_t before = size_;
    (*this)[key];
    return size_ != before;
  }
  template <typename F>
  void ForEach(F f) const {
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != kEmpty) f(keys_[i], values_[i]);
    }
  }
  size_t size() const { return size_; }

 private:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  size_t Slot(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  void Rehash(size_t capacity) {
    std::vector<uint64_t> keys(capacity, kEmpty);
    std::vector<V> values(capacity);
    std::swap(keys, keys_);
    std::swap(values, values_);
    mask_ = capacity - 1;
    shift_ = 64 - std::countr_zero(capacity);
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == kEmpty) continue;
      size_t j = Slot(keys[i]);
      while (keys_[j] != kEmpty) j = (j + 1) & mask_;
      keys_[j] = keys[i];
      values_[j] = values[i];
    }
  }
  std::vector<uint64_t> keys_;
  std::vector<V> values_;
  size_t size_ = 0;
  size_t mask_ = 0;
  int shift_ = 0;
};

}  // namespace sluice::bench::compare
