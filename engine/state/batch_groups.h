// BatchGroups: the groups one batch of an aggregation touches, in order of first appearance.
//
// A group is its encoded key (all keys in one buffer) and a fixed number of buffer Values (all
// groups' side by side). Open-addressing tables find a group by key; a collision steps to the next
// slot. Keys given one at a time (FindOrAdd) go to a table of 64-bit slots, each the high 32 bits
// of the key's hash (a salt, so that a probe rarely reads a key that is not its own) and the group
// id + 1 (0 is an empty slot). A range of keys given as words (BatchKeys, KeyForm) is hashed in one
// pass and goes to a table whose slots hold the key's words inline, then the salt and id: a probe
// reads one slot, not a slot and then a key elsewhere, and a group's key is encoded once, when it
// is added; where a range's words lie in small intervals, a direct index by their offsets answers
// the rows of groups already found without a hash or a probe. Other ranges are taken row by row.
// Each table is at most a quarter full while under 2^16 slots, half full beyond. Rules: a group's
// id is its position; ids and keys do not change until Clear; Buffer pointers last until the next
// group is added; a table that has taken words takes only words (FindOrAdd and ranges of encoded
// keys are refused) until Clear or ToEncodedKeys, after which it takes only encoded keys until
// Clear. `Hasher` is KeyWordHash but in tests, which force collisions with their own.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
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
    if (slots_.empty()) slots_.assign(kMinSlots, 0);
    const uint64_t salt = hash & kSaltMask;
    const size_t mask = slots_.size() - 1;
    for (size_t s = hash & mask;; s = (s + 1) & mask) {
      const uint64_t slot = slots_[s];
      if (slot == 0) {
        if (MaxLoadDivisor(slots_.size()) * (size() + 1) > slots_.size()) {
          GrowSlots();
          return FindOrAdd(key);  // a new key: found its place in the grown table
        }
        slots_[s] = salt | (size() + 1);
        keys_.append(key);
        return {AddGroup(hash), true};
      }
      if ((slot & kSaltMask) == salt) {
        const auto id = static_cast<uint32_t>(slot - salt - 1);
        if (Key(id) == key) return {id, false};
      }
    }
  }

  // The groups of the rows of `keys`' last Encode: group_of_row[i] is the group of its i-th row.
  // Appends to *new_group_rows the row (of the batch) where each group added now first appears,
  // in id order. The same ids as FindOrAdd row by row.
  void FindOrAddRange(const BatchKeys& keys, uint32_t* group_of_row,
                      std::vector<uint32_t>* new_group_rows) {
    SLUICE_CHECK(size() == 0 || words_ == keys.words(), "a table takes words or encoded keys");
    words_ = keys.words();
    if (!words_) return RowByRow(keys, group_of_row, new_group_rows);
    switch (keys.width() / 8) {  // BatchKeys gives one to eight words
      case 1:
        return WordRange<1>(keys, group_of_row, new_group_rows);
      case 2:
        return WordRange<2>(keys, group_of_row, new_group_rows);
      case 3:
        return WordRange<3>(keys, group_of_row, new_group_rows);
      case 4:
        return WordRange<4>(keys, group_of_row, new_group_rows);
      case 5:
        return WordRange<5>(keys, group_of_row, new_group_rows);
      case 6:
        return WordRange<6>(keys, group_of_row, new_group_rows);
      case 7:
        return WordRange<7>(keys, group_of_row, new_group_rows);
      case 8:
        return WordRange<8>(keys, group_of_row, new_group_rows);
      default:
        SLUICE_CHECK(false, "keys of one to eight words");
    }
  }

  // Whether a range of words may come next: no group has come from an encoded key since Clear.
  bool TakesWords() const { return size() == 0 || words_; }
  // The keys of `batch`'s rows over `columns` (both outlive them) as this table takes them next,
  // for a batch given in pieces: as words while every piece so far gave words; where these cannot
  // be words, the table turns to encoded keys first (ToEncodedKeys).
  // `window_by_start` as BatchKeys takes it.
  BatchKeys KeysOf(const RecordBatch& batch, const std::vector<size_t>& columns,
                   const std::vector<bool>& window_by_start = {}) {
    BatchKeys keys(batch, columns, TakesWords() ? KeyForm::kWordsWherePossible : KeyForm::kEncoded,
                   window_by_start);
    if (!keys.words()) ToEncodedKeys();
    return keys;
  }
  // Makes a table that has taken words take encoded keys from now on (FindOrAdd, ranges of
  // encoded keys), every group keeping its id: for a batch given in pieces, a later one of which
  // cannot give its keys as words (a null key cell).
  void ToEncodedKeys() {
    if (!words_) return;
    words_ = false;
    ForgetDirect();
    size_t slots = kMinSlots;
    while (MaxLoadDivisor(slots) * (size() + 1) > slots) slots *= 2;
    slots_.assign(slots, 0);
    const size_t mask = slots - 1;
    for (uint32_t id = 0; id < size(); ++id) {
      const std::string_view key = Key(id);
      hashes_[id] = Hasher::Hash(key.data(), key.size());
      size_t s = hashes_[id] & mask;
      while (slots_[s] != 0) s = (s + 1) & mask;
      slots_[s] = (hashes_[id] & kSaltMask) | (id + 1);
    }
  }

  // Forgets every group but keeps the memory, for the next batch: the same table as a new one.
  // Slots more than sixteen a group of the last batch, and other memory more than eight times
  // what it needed, are let go, unless that batch had no groups (ClearForReuse).
  void Clear() {
    const auto clear_table = [&](std::vector<uint64_t>& table, size_t slots) {
      if (slots > kMinSlots && !ends_.empty() && slots > 16 * ends_.size()) {
        table = {};
      } else {
        std::fill(table.begin(), table.end(), 0);
      }
    };
    clear_table(slots_, slots_.size());
    clear_table(entries_, entry_slots_);
    if (entries_.empty()) entry_slots_ = 0;
    ClearForReuse(keys_);
    ClearForReuse(ends_);
    ClearForReuse(hashes_);
    ClearForReuse(buffers_);
    ForgetDirect();
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

  // A table that fits the cache is kept at most a quarter full, so that a probe rarely steps past
  // its first slot; a larger one at most half full, to bound its memory.
  static size_t MaxLoadDivisor(size_t slots) { return slots < kSparseSlots ? 4 : 2; }

  // Stops the direct index (kMaxDirectSlots) until a range builds it again; keeps its memory.
  void ForgetDirect() {
    direct_slots_ = 0;
    direct_rows_ = direct_outside_ = rows_since_build_ = ranges_until_try_ = 0;
  }

  // Adds the group whose key was just appended to keys_ (and placed in a table); its id.
  uint32_t AddGroup(uint64_t hash) {
    const auto id = static_cast<uint32_t>(ends_.size());
    SLUICE_CHECK(ends_.size() < UINT32_MAX - 1, "fewer than 2^32 - 1 groups in a batch");
    ends_.push_back(keys_.size());
    hashes_.push_back(hash);
    buffers_.resize(buffers_.size() + width_);
    return id;
  }

  void GrowSlots() {
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
    for (size_t r = keys.begin(); r < keys.end(); ++r) {
      const auto [id, fresh] = FindOrAdd(keys[r]);
      group_of_row[r - keys.begin()] = id;
      if (fresh) new_group_rows->push_back(static_cast<uint32_t>(r));
    }
  }

  // The table of words: entry_slots_ slots of kWords + 1 words each, the key's words and then
  // salt | (id + 1), or all 0 for an empty slot.
  template <size_t kWords>
  static bool SameWords(const uint64_t* entry, const uint64_t* key) {
    uint64_t diff = 0;
    for (size_t j = 0; j < kWords; ++j) diff |= entry[j] ^ key[j];
    return diff == 0;
  }

  template <size_t kWords>
  void GrowWords() {
    constexpr size_t kStride = kWords + 1;
    std::vector<uint64_t> grown(entry_slots_ * 2 * kStride, 0);
    const size_t mask = entry_slots_ * 2 - 1;
    for (size_t from = 0; from < entry_slots_; ++from) {
      const uint64_t* entry = &entries_[from * kStride];
      const uint64_t tag = entry[kWords];
      if (tag == 0) continue;
      size_t s = hashes_[(tag & ~kSaltMask) - 1] & mask;
      while (grown[s * kStride + kWords] != 0) s = (s + 1) & mask;
      std::copy(entry, entry + kStride, &grown[s * kStride]);
    }
    entries_ = std::move(grown);
    entry_slots_ *= 2;
  }

  // With a table larger than the cache each probe misses it: row i's slot is fetched kFarAhead
  // rows ahead (storage/ordered_walk.h). A table that fits is not worth it.
  template <size_t kWords>
  void FetchAhead(size_t i, size_t n) const {
    if (i + storage::kFarAhead >= n) return;
    const uint64_t* entry =
        &entries_[(range_hashes_[i + storage::kFarAhead] & (entry_slots_ - 1)) * (kWords + 1)];
    storage::PrefetchForRead(entry);
    storage::PrefetchForRead(entry + kWords);
  }

  // The word path. Where the table fits the cache and the range's words lie in small intervals,
  // a direct index answers the rows of groups it has seen (DirectRange); otherwise the range's
  // hashes are taken in one pass, then each row is probed in order. Either way, new groups are
  // added in row order.
  template <size_t kWords>
  void WordRange(const BatchKeys& keys, uint32_t* group_of_row,
                 std::vector<uint32_t>* new_group_rows) {
    constexpr size_t kStride = kWords + 1;
    if (entries_.empty() || entries_.size() != entry_slots_ * kStride) {
      SLUICE_CHECK(size() == 0, "one width of words in a table");
      entry_slots_ = kMinSlots;
      entries_.assign(kMinSlots * kStride, 0);
    }
    if (entry_slots_ < kSparseSlots && UseDirect<kWords>(keys.data(), keys.end() - keys.begin())) {
      DirectRange<kWords>(keys, group_of_row, new_group_rows);
    } else {
      ProbeWords<kWords>(keys, group_of_row, new_group_rows);
    }
  }

  template <size_t kWords>
  void ProbeWords(const BatchKeys& keys, uint32_t* group_of_row,
                  std::vector<uint32_t>* new_group_rows) {
    constexpr size_t kWidth = 8 * kWords;
    const size_t n = keys.end() - keys.begin();
    range_hashes_.resize(n);
    for (size_t i = 0; i < n; ++i) {
      range_hashes_[i] = Hasher::template Fixed<kWords>(keys.data() + i * kWidth, kWidth);
    }
    const bool fetch_ahead = entry_slots_ >= kSparseSlots;
    for (size_t i = 0; i < n; ++i) {
      if (fetch_ahead) FetchAhead<kWords>(i, n);
      group_of_row[i] = ProbeOne<kWords>(keys, i, range_hashes_[i], new_group_rows);
    }
  }

  // ProbeOne kept out of the direct index's loop, which it seldom leaves.
  template <size_t kWords>
  [[gnu::noinline]] uint32_t ProbeOneCold(const BatchKeys& keys, size_t i,
                                          std::vector<uint32_t>* new_group_rows) {
    const uint64_t hash = Hasher::template Fixed<kWords>(keys.data() + i * 8 * kWords, 8 * kWords);
    return ProbeOne<kWords>(keys, i, hash, new_group_rows);
  }

  // The group of the range's i-th row, whose words hash to `hash`; added if new.
  template <size_t kWords>
  uint32_t ProbeOne(const BatchKeys& keys, size_t i, uint64_t hash,
                    std::vector<uint32_t>* new_group_rows) {
    constexpr size_t kStride = kWords + 1;
    uint64_t key[kWords];
    std::memcpy(key, keys.data() + i * sizeof key, sizeof key);
    const uint64_t salt = hash & kSaltMask;
    for (size_t mask = entry_slots_ - 1, s = hash & mask;; s = (s + 1) & mask) {
      uint64_t* entry = &entries_[s * kStride];
      const uint64_t tag = entry[kWords];
      if (tag == 0) {
        const size_t row = keys.begin() + i;
        if (MaxLoadDivisor(entry_slots_) * (size() + 1) > entry_slots_) {
          GrowWords<kWords>();
          mask = entry_slots_ - 1;
          s = hash & mask;
          while (entries_[s * kStride + kWords] != 0) s = (s + 1) & mask;
          entry = &entries_[s * kStride];
        }
        std::copy(key, key + kWords, entry);
        entry[kWords] = salt | (size() + 1);
        keys.AppendEncoded(row, &keys_);
        new_group_rows->push_back(static_cast<uint32_t>(row));
        return AddGroup(hash);
      }
      if ((tag & kSaltMask) == salt && SameWords<kWords>(entry, key)) {
        return static_cast<uint32_t>(tag - salt - 1);
      }
    }
  }

  // The direct index: for key words that each lie in an interval [base, base + span), the group
  // id + 1 (0: not known yet) of each combination, at the words' offsets read as one mixed-radix
  // number, as DuckDB's perfect hash aggregation. It is only a cache in front of the table of
  // words, which adds every group, so ids are the same with or without it. It serves while the
  // table of words fits the cache (a larger table's probes are fetched ahead). It is built from one
  // range's intervals when their product is at most kMaxDirectSlots and at most
  // kDirectSlotsPerRow times the rows taken since the last build (clearing it is paid for), and
  // built again when over a quarter of the last range it served fell outside it, or the first row
  // of this one does (a new window, say); until then the table of words alone takes the ranges.
  // After a range whose intervals were too wide, the next kRangesBetweenTries ranges do not try.
  static constexpr uint64_t kMaxDirectSlots = uint64_t{1} << 18;  // 1 MiB of ids
  static constexpr uint64_t kDirectSlotsPerRow = 64;
  static constexpr size_t kRangesBetweenTries = 4;

  // Whether the key words at `words` lie in the intervals [base, base + span); if so, *at is
  // their place in the direct index (it wraps harmlessly when they do not).
  template <size_t kWords>
  static bool DirectPlace(const char* words, const uint64_t* base, const uint64_t* span,
                          uint64_t* at) {
    uint64_t w[kWords];
    std::memcpy(w, words, sizeof w);
    bool inside = true;
    uint64_t place = 0;
    for (size_t j = 0; j < kWords; ++j) {
      const uint64_t offset = w[j] - base[j];
      inside &= offset < span[j];
      place = place * span[j] + offset;
    }
    *at = place;
    return inside;
  }

  // Whether the direct index serves this range of n rows, building it first if it should.
  template <size_t kWords>
  bool UseDirect(const char* bytes, size_t n) {
    if (n == 0) return false;
    rows_since_build_ += n;
    uint64_t first_at = 0;
    if (direct_slots_ != 0 && 4 * direct_outside_ <= direct_rows_ &&
        DirectPlace<kWords>(bytes, direct_base_, direct_span_, &first_at)) {
      return true;
    }
    if (ranges_until_try_ > 0) {
      --ranges_until_try_;
      return false;
    }
    int64_t lo[kWords];
    int64_t hi[kWords];
    std::memcpy(lo, bytes, sizeof lo);
    std::memcpy(hi, bytes, sizeof hi);
    for (size_t i = 1; i < n; ++i) {
      int64_t w[kWords];
      std::memcpy(w, bytes + i * sizeof w, sizeof w);
      for (size_t j = 0; j < kWords; ++j) {
        lo[j] = std::min(lo[j], w[j]);
        hi[j] = std::max(hi[j], w[j]);
      }
    }
    uint64_t slots = 1;
    uint64_t span[kWords];
    for (size_t j = 0; j < kWords; ++j) {
      span[j] = static_cast<uint64_t>(hi[j]) - static_cast<uint64_t>(lo[j]) + 1;  // 0: all 2^64
      if (span[j] == 0 || span[j] > kMaxDirectSlots || slots * span[j] > kMaxDirectSlots) {
        ranges_until_try_ = kRangesBetweenTries;
        return false;
      }
      slots *= span[j];
    }
    if (slots > kDirectSlotsPerRow * rows_since_build_) return false;
    for (size_t j = 0; j < kWords; ++j) {
      direct_base_[j] = static_cast<uint64_t>(lo[j]);
      direct_span_[j] = span[j];
    }
    direct_.assign(slots, 0);
    direct_slots_ = slots;
    rows_since_build_ = 0;
    return true;
  }

  // The range's rows through the direct index: each row whose group it knows is answered by it;
  // the others are probed in the table of words, and the index learns their groups.
  template <size_t kWords>
  void DirectRange(const BatchKeys& keys, uint32_t* group_of_row,
                   std::vector<uint32_t>* new_group_rows) {
    const size_t n = keys.end() - keys.begin();
    uint32_t* direct = direct_.data();
    uint64_t base[kWords];
    uint64_t span[kWords];
    std::copy(direct_base_, direct_base_ + kWords, base);
    std::copy(direct_span_, direct_span_ + kWords, span);
    size_t outside = 0;
    for (size_t i = 0; i < n; ++i) {
      uint64_t at = 0;
      const bool inside = DirectPlace<kWords>(keys.data() + i * 8 * kWords, base, span, &at);
      if (inside && direct[at] != 0) [[likely]] {
        group_of_row[i] = direct[at] - 1;
        continue;
      }
      group_of_row[i] = ProbeOneCold<kWords>(keys, i, new_group_rows);
      if (inside) {
        direct[at] = group_of_row[i] + 1;
      } else {
        ++outside;
      }
    }
    direct_outside_ = outside;
    direct_rows_ = n;
  }

  size_t width_;
  bool words_ = false;  // the table takes keys as words
  std::string keys_;
  std::vector<size_t> ends_;      // where each group's key ends in keys_
  std::vector<uint64_t> hashes_;  // of each group's key, to grow a table without hashing
  std::vector<Value> buffers_;
  std::vector<uint64_t> slots_;    // a power of two of them, or none before the first key
  std::vector<uint64_t> entries_;  // the table of words: entry_slots_ slots (a power of two)
  size_t entry_slots_ = 0;
  std::vector<uint64_t> range_hashes_;  // of a range's rows
  // The direct index (see kMaxDirectSlots): direct_slots_ ids, or none in use when 0.
  std::vector<uint32_t> direct_;
  uint64_t direct_slots_ = 0;
  uint64_t direct_base_[8] = {};
  uint64_t direct_span_[8] = {};
  size_t direct_rows_ = 0;     // rows of the last range the index served
  size_t direct_outside_ = 0;  // of them, outside its intervals
  size_t rows_since_build_ = 0;
  size_t ranges_until_try_ = 0;
};

using BatchGroups = BasicBatchGroups<>;

}  // namespace sluice::engine
