// IdBitmap: a set of ids below a bound, one bit per id. Built from ids in any order (a repeated id
// counts once), it answers membership with one load and lists its ids in ascending order, which
// for a store's entry ids is their order in memory.
#pragma once

#include <bit>
#include <cstdint>
#include <span>
#include <vector>

#include "storage/status.h"

namespace sluice::storage {

class IdBitmap {
 public:
  // REQUIRES: every id is below `bound`.
  IdBitmap(size_t bound, std::span<const uint32_t> ids) : words_((bound + 63) / 64, 0) {
    for (const uint32_t id : ids) {
      SLUICE_CHECK(id < bound, "an id in a bitmap is below its bound");
      words_[id / 64] |= uint64_t{1} << (id % 64);
    }
  }

  bool Contains(uint32_t id) const {
    return id / 64 < words_.size() && (words_[id / 64] >> (id % 64) & 1) != 0;
  }

  // The ids, ascending; `expected` sizes the result (the number of ids, if known).
  std::vector<uint32_t> Ascending(size_t expected = 0) const {
    std::vector<uint32_t> ids;
    ids.reserve(expected);
    for (size_t w = 0; w < words_.size(); ++w) {
      for (uint64_t bits = words_[w]; bits != 0; bits &= bits - 1) {
        ids.push_back(static_cast<uint32_t>(64 * w + std::countr_zero(bits)));
      }
    }
    return ids;
  }

 private:
  std::vector<uint64_t> words_;
};

}  // namespace sluice::storage
