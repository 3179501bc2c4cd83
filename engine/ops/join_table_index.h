// The static join's keys: the hashes of a batch's join keys a column at a time (HashKeys), and
// the table's rows by key (TableIndex), built once per table and stream schema. Hashes never
// leave the process. Rules: a key with a null part has no hash (`valid` false) and never matches;
// keys are compared by the value `=` compares, so only HashableKeyType columns are keys.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/types/record_batch.h"
#include "engine/types/string_cells.h"

namespace sluice::engine {

// Whether a key of this type is hashed and compared directly: one whose `=` is plain equality
// of the stored value (no coercion, no NaN or -0.0 rules, no nested values).
bool HashableKeyType(const DataType& t);

// One step of a key's hash over its parts.
inline uint64_t Mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h * 0xBF58476D1CE4E5B9ULL;
}

// The hash of the key (columns `keys` of `b`) of each row the join takes, `rows` or every row
// when it is null, in that order; and whether no part of it is null.
struct KeyHashes {
  std::vector<uint64_t> hashes;
  std::vector<uint8_t> valid;
};
KeyHashes HashKeys(const RecordBatch& b, const std::vector<size_t>& keys,
                   const std::vector<uint32_t>* rows = nullptr);

// The table's rows by key: rows with a null key are left out (they never match); the rows of
// one key are chained in table order.
class TableIndex {
 public:
  TableIndex(const RecordBatch& table, const std::vector<size_t>& keys);

  // The first table row whose key equals row `l`'s (by `left_keys` of `left`), whose key hashes
  // to `h` (HashKeys), or kNone.
  uint32_t First(const RecordBatch& table, const RecordBatch& left,
                 const std::vector<size_t>& left_keys, size_t l, uint64_t h) const {
    return FirstWhere(h, [&](uint32_t r) { return Equal(table, keys_, r, left, left_keys, l); });
  }
  // The first table row whose key hashes to `h` and for which `same(row)` holds, or kNone.
  template <class Same>
  uint32_t FirstWhere(uint64_t h, const Same& same) const {
    for (size_t slot = h & mask_; heads_[slot] != kNone; slot = (slot + 1) & mask_) {
      if (hashes_[slot] == h && same(heads_[slot])) return heads_[slot];
    }
    return kNone;
  }
  uint32_t Next(uint32_t r) const { return next_[r]; }

  static constexpr uint32_t kNone = ~uint32_t{0};

 private:
  static bool Equal(const RecordBatch& a, const std::vector<size_t>& a_keys, size_t ra,
                    const RecordBatch& b, const std::vector<size_t>& b_keys, size_t rb);

  std::vector<size_t> keys_;
  std::vector<uint32_t> heads_;  // per slot: the first row of a key's chain
  std::vector<uint64_t> hashes_;
  std::vector<uint32_t> next_;  // per table row: the next row of its key
  size_t mask_ = 0;
};

}  // namespace sluice::engine
