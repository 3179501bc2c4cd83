// BatchGroups: the groups one batch of an aggregation touches, in order of first appearance.
//
// A group is its encoded key (all keys in one buffer) and a fixed number of buffer Values (all
// groups' side by side). An open-addressing table of 64-bit slots finds a group by key: each slot
// holds the high 32 bits of the key's hash (a salt, so that a probe rarely reads a key that is not
// its own) and the group id + 1 (0 is an empty slot); a collision steps to the next slot. The
// table is at most a quarter full while under 2^16 slots, half full beyond. A range of fixed-width
// keys (BatchKeys) is hashed in one pass before it is probed, and its keys are compared a word at a
// time. A range of keys given as words (KeyForm) is hashed and compared as words; each group then
// keeps its words beside its encoded key, which it encodes once, when it adds the group. Rules: a
// group's id is its position; ids and keys do not change until Clear; Buffer pointers last until
// the next group is added; a table that has taken words takes only words until Clear (FindOrAdd
// and ranges of encoded keys are refused). `Hasher` is KeyWordHash but in tests, which force
// collisions with their own.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/state/clear_for_reuse.h"
#include "engine/types/key_word_hash.h"
#include "engine/types/row_codec.h"
#include "engine/types/value.h"
#include "spec/check.h"
#include "storage/ordered_walk.h"

namespace sluice::engine {

template <class Hasher = KeyWordHash>
class BasicBatchGroups {
 public:
  explicit BasicBatchGroups(size_t buffer_width) : width_(buffer_width) {}
  BasicBatchGroups(const BasicBatchGroups&) = delete;
  BasicBatchGroups& operator=(const BasicBatchGroups&) = delete;

  // The id of `key`'s group, and whether it was added now. A new group's buffer is null Values.
  std::pair<uint32_t, bool> FindOrAdd(std::string_view key) {
    SLUICE_CHECK(size() == 0 || !words_, "a table of words takes only words");
    words_ = false;
    const uint64_t hash = Hasher::Hash(key.data(), key.size());
    const auto [id, fresh] = Probe(
        hash, [&](uint32_t candidate) { return Key(candidate) == key; },
        [&] { keys_.append(key); });
    return {id, fresh};
  }

  // The groups of the rows of `keys`' last Encode: group_of_row[i] is the group of its i-th row.
  // Appends to *new_group_rows the row (of the batch) where each group added now first appears,
  // in id order. The same ids as FindOrAdd row by row.
  void FindOrAddRange(const BatchKeys& keys, uint32_t* group_of_row,
                      std::vector<uint32_t>* new_group_rows) {
    const size_t w = keys.width();
    SLUICE_CHECK(size() == 0 || words_ == keys.words(), "a table takes words or encoded keys");
    words_ = keys.words();
    // The word path reads a group's key at id * w, so every key so far must have width w.
    if (!keys.fixed() || w < 8 || (size() > 0 && uniform_width_ != w)) {
      return RowByRow(keys, group_of_row, new_group_rows);
    }
    switch ((w + 7) / 8) {
      case 1:
        return FixedRange<1>(keys, group_of_row, new_group_rows);
      case 2:
        return FixedRange<2>(keys, group_of_row, new_group_rows);
      case 3:
        return FixedRange<3>(keys, group_of_row, new_group_rows);
      case 4:
        return FixedRange<4>(keys, group_of_row, new_group_rows);
      case 5:
        return FixedRange<5>(keys, group_of_row, new_group_rows);
      case 6:
        return FixedRange<6>(keys, group_of_row, new_group_rows);
      case 7:
        return FixedRange<7>(keys, group_of_row, new_group_rows);
      case 8:
        return FixedRange<8>(keys, group_of_row, new_group_rows);
      default:  // more than eight words
        return RowByRow(keys, group_of_row, new_group_rows);
    }
  }

  // Forgets every group but keeps the memory, for the next batch: the same table as a new one.
  // Slots more than sixteen a group of the last batch, and other memory more than eight times
  // what it needed, are let go, unless that batch had no groups (ClearForReuse).
  void Clear() {
    if (slots_.size() > kMinSlots && !ends_.empty() && slots_.size() > 16 * ends_.size()) {
      slots_ = {};
    } else {
      std::fill(slots_.begin(), slots_.end(), 0);
    }
    ClearForReuse(keys_);
    ClearForReuse(words_of_groups_);
    ClearForReuse(ends_);
    ClearForReuse(hashes_);
    ClearForReuse(buffers_);
    uniform_width_ = 0;
    words_ = false;
  }

  size_t size() const { return ends_.size(); }
  std::string_view Key(uint32_t id) const {
    const size_t begin = id == 0 ? 0 : ends_[id - 1];
    return std::string_view(keys_).substr(begin, ends_[id] - begin);
  }
  Value* Buffer(uint32_t id) { return buffers_.data() + id * width_; }
  const Value* Buffer(uint32_t id) const { return buffers_.data() + id * width_; }

 private:
  static constexpr uint64_t kSaltMask = 0xFFFFFFFF00000000ull;
  static constexpr size_t kMinSlots = 1024;
  static constexpr size_t kSparseSlots = size_t{1} << 16;
  static constexpr size_t kMixedWidths = SIZE_MAX;

  // The group of a key with `hash`, found by `same(id)`, or a new group, whose key `append_key`
  // appends to keys_ (and its words to words_of_groups_, for a table of words).
  template <class Same, class AppendKey>
  std::pair<uint32_t, bool> Probe(uint64_t hash, const Same& same, const AppendKey& append_key) {
    if (slots_.empty()) slots_.assign(kMinSlots, 0);
    const uint64_t salt = hash & kSaltMask;
    const size_t mask = slots_.size() - 1;
    for (size_t s = hash & mask;; s = (s + 1) & mask) {
      const uint64_t slot = slots_[s];
      if (slot == 0) return {Add(hash, append_key, s), true};
      if ((slot & kSaltMask) == salt) {
        const auto id = static_cast<uint32_t>(slot - salt - 1);
        if (same(id)) return {id, false};
      }
    }
  }

  // Adds a new group, in empty slot `s` unless the table must grow first; `append_key` appends its
  // key (Probe).
  template <class AppendKey>
  uint32_t Add(uint64_t hash, const AppendKey& append_key, size_t s) {
    const auto id = static_cast<uint32_t>(ends_.size());
    SLUICE_CHECK(ends_.size() < UINT32_MAX - 1, "fewer than 2^32 - 1 groups in a batch");
    if (MaxLoadDivisor() * (ends_.size() + 1) > slots_.size()) {
      Grow();
      const size_t mask = slots_.size() - 1;
      s = hash & mask;
      while (slots_[s] != 0) s = (s + 1) & mask;
    }
    slots_[s] = (hash & kSaltMask) | (id + 1);
    const size_t key_begin = keys_.size();
    const size_t words_begin = words_of_groups_.size();
    append_key();
    // What the table compares: the words of a table of words, else the encoded key.
    const size_t width = words_ ? words_of_groups_.size() - words_begin : keys_.size() - key_begin;
    uniform_width_ = ends_.empty() || uniform_width_ == width ? width : kMixedWidths;
    ends_.push_back(keys_.size());
    hashes_.push_back(hash);
    buffers_.resize(buffers_.size() + width_);
    return id;
  }

  // A table that fits the cache is kept at most a quarter full, so that a probe rarely steps past
  // its first slot; a larger one at most half full, to bound its memory.
  size_t MaxLoadDivisor() const { return slots_.size() < kSparseSlots ? 4 : 2; }

  void Grow() {
    std::vector<uint64_t> slots(slots_.size() * 2, 0);
    const size_t mask = slots.size() - 1;
    for (size_t id = 0; id < hashes_.size(); ++id) {
      size_t s = hashes_[id] & mask;
      while (slots[s] != 0) s = (s + 1) & mask;
      slots[s] = (hashes_[id] & kSaltMask) | (id + 1);
    }
    slots_ = std::move(slots);
  }

  void RowByRow(const BatchKeys& keys, uint32_t* group_of_row,
                std::vector<uint32_t>* new_group_rows) {
    SLUICE_CHECK(!keys.words(), "words are taken by the word path");
    for (size_t r = keys.begin(); r < keys.end(); ++r) {
      const auto [id, fresh] = FindOrAdd(keys[r]);
      group_of_row[r - keys.begin()] = id;
      if (fresh) new_group_rows->push_back(static_cast<uint32_t>(r));
    }
  }

  // With many groups each probe misses the cache twice, at its slot and at the key the slot names:
  // for row i of a range of n, both are fetched ahead (storage/ordered_walk.h), the slot
  // kFarAhead rows ahead and the key kNearAhead rows ahead, once the slot has come in.
  void FetchAhead(size_t i, size_t n, size_t w) const {
    const size_t mask = slots_.size() - 1;
    if (i + storage::kFarAhead < n) {
      storage::PrefetchForRead(&slots_[range_hashes_[i + storage::kFarAhead] & mask]);
    }
    if (i + storage::kNearAhead < n) {
      const uint64_t hash = range_hashes_[i + storage::kNearAhead];
      const uint64_t slot = slots_[hash & mask];
      if (slot != 0 && (slot & kSaltMask) == (hash & kSaltMask)) {
        storage::PrefetchForRead(Compared() + (slot - (hash & kSaltMask) - 1) * w);
      }
    }
  }

  // The word path: the range's hashes in one pass, then each row probed in order.
  template <size_t kWords>
  void FixedRange(const BatchKeys& keys, uint32_t* group_of_row,
                  std::vector<uint32_t>* new_group_rows) {
    const size_t n = keys.end() - keys.begin();
    const size_t w = keys.width();
    const char* bytes = keys.data();
    range_hashes_.resize(n);
    for (size_t i = 0; i < n; ++i) {
      range_hashes_[i] = Hasher::template Fixed<kWords>(bytes + i * w, w);
    }
    // A table that fits the cache (under its sparse load rule) is not worth fetching ahead.
    const bool fetch_ahead = slots_.size() >= kSparseSlots;
    for (size_t i = 0; i < n; ++i) {
      if (fetch_ahead) FetchAhead(i, n, w);
      const char* key = bytes + i * w;
      const size_t row = keys.begin() + i;
      const auto [id, fresh] = Probe(
          range_hashes_[i],
          [&](uint32_t c) { return EqualKeyWords<kWords>(Compared() + c * w, key, w); },
          [&] {
            if (words_) {
              words_of_groups_.append(key, w);
              keys.AppendEncoded(row, &keys_);
            } else {
              keys_.append(key, w);
            }
          });
      group_of_row[i] = id;
      if (fresh) new_group_rows->push_back(static_cast<uint32_t>(row));
    }
  }

  // What a probe compares, each group's at id * the width of every key: words or encoded keys.
  const char* Compared() const { return words_ ? words_of_groups_.data() : keys_.data(); }

  size_t width_;
  bool words_ = false;  // the table takes keys as words
  std::string keys_;
  std::string words_of_groups_;   // each group's words, in a table of words
  std::vector<size_t> ends_;      // where each group's key ends in keys_
  std::vector<uint64_t> hashes_;  // of each group's key, to grow the table without hashing
  std::vector<Value> buffers_;
  std::vector<uint64_t> slots_;  // a power of two of them, or none before the first key
  size_t uniform_width_ = 0;     // the width of every key, or kMixedWidths
  std::vector<uint64_t> range_hashes_;
};

using BatchGroups = BasicBatchGroups<>;

}  // namespace sluice::engine
