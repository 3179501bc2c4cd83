// StableVector: a sequence that grows at the back and whose items never move, kept in chunks of
// 2^kChunkBits items, each chunk reached through one small array of pointers. Reaching item i is
// a shift, a mask and two loads; the array of chunks is small enough to stay in the cache, so a
// walk over items at random misses only on the items themselves (libstdc++'s std::deque has
// blocks of 512 bytes, so its map of blocks is large and missed too). The first item costs a
// whole chunk.
//
// Rules: an item's address lasts until Clear, or a ShrinkTo that drops it; items are
// default-constructed a chunk at a time, so EmplaceBack gives an item as T{} made it; indices are
// below size().
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

#include "spec/check.h"

namespace sluice::storage {

template <class T, size_t kChunkBits = 8>
class StableVector {
 public:
  T& operator[](size_t i) { return chunks_[i >> kChunkBits][i & kMask]; }
  const T& operator[](size_t i) const { return chunks_[i >> kChunkBits][i & kMask]; }
  size_t size() const { return size_; }

  // Appends an item as T{} makes it and returns it.
  T& EmplaceBack() {
    if (size_ == chunks_.size() << kChunkBits) chunks_.push_back(std::make_unique<T[]>(kChunk));
    return (*this)[size_++];
  }

  // Drops the items from `n` on: their chunks are freed, and those that share a chunk with kept
  // items become T{} again. REQUIRES: n <= size().
  void ShrinkTo(size_t n) {
    SLUICE_CHECK(n <= size_, "a StableVector shrinks");
    const size_t kept_chunks = (n + kMask) >> kChunkBits;
    for (size_t i = n; i < std::min(size_, kept_chunks << kChunkBits); ++i) (*this)[i] = T{};
    chunks_.resize(kept_chunks);
    size_ = n;
  }

  void Clear() {
    chunks_.clear();
    size_ = 0;
  }

 private:
  static constexpr size_t kChunk = size_t{1} << kChunkBits;
  static constexpr size_t kMask = kChunk - 1;

  std::vector<std::unique_ptr<T[]>> chunks_;
  size_t size_ = 0;
};

}  // namespace sluice::storage
