// IdIndex: a hash index from keys to ids, where the keys live elsewhere (a table of entries) and
// the index holds only, per id, 32 bits of its key's hash. An open-addressing table of 64-bit
// slots: the hash's low 32 bits (which place the slot, and which a probe compares before it reads
// any key) beside id + 1 (0 is an empty slot); a collision steps to the next slot; at most half
// full; an erase shifts the slots after it back, so no tombstones build up.
//
// Because a slot names its id without reading the key, a caller walking many keys can fetch a
// slot ahead of its turn (PrefetchSlot), then the entry the slot names (Candidate), then search.
//
// Rules: ids are below 2^32 - 1, and fewer than 2^31 of them are in the index at once (a check);
// each id is in the index at most once; `hash` is the same
// function of the key every time; `same(id)` says whether id's key is the one searched for.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "spec/check.h"
#include "storage/ordered_walk.h"

namespace sluice::storage {

class IdIndex {
 public:
  // The id whose key `same` recognises among those indexed under `hash`; nullopt when none is.
  template <class Same>
  std::optional<uint32_t> Find(uint64_t hash, const Same& same) const {
    if (slots_.empty()) return std::nullopt;
    const uint64_t tag = Tag(hash);
    for (size_t s = Home(hash);; s = Next(s)) {
      const uint64_t slot = slots_[s];
      if (slot == 0) return std::nullopt;
      if ((slot & kTagMask) == tag && same(IdOf(slot))) return IdOf(slot);
    }
  }

  // REQUIRES: `id` is not in the index.
  void Insert(uint64_t hash, uint32_t id) {
    SLUICE_CHECK(id < UINT32_MAX, "an index id is below 2^32 - 1");
    SLUICE_CHECK(size_ < kMaxIds, "an index holds fewer than 2^31 ids");
    if (2 * (size_ + 1) > slots_.size()) Grow();
    size_t s = Home(hash);
    while (slots_[s] != 0) s = Next(s);
    slots_[s] = Tag(hash) | (uint64_t{id} + 1);
    ++size_;
  }

  // REQUIRES: `id` is in the index under `hash`.
  void Erase(uint64_t hash, uint32_t id) {
    const uint64_t slot = Tag(hash) | (uint64_t{id} + 1);
    size_t hole = Home(hash);
    while (slots_[hole] != slot) {
      SLUICE_CHECK(slots_[hole] != 0, "an erased id is in the index");
      hole = Next(hole);
    }
    // Shift back each later slot of the run that may move into the hole: one whose home is not
    // cyclically in (hole, s].
    for (size_t s = Next(hole); slots_[s] != 0; s = Next(s)) {
      const size_t home = static_cast<size_t>(slots_[s] >> 32) & Mask();
      const bool home_after_hole =
          hole <= s ? (hole < home && home <= s) : (hole < home || home <= s);
      if (home_after_hole) continue;
      slots_[hole] = slots_[s];
      hole = s;
    }
    slots_[hole] = 0;
    --size_;
  }

  // Erases every id for which `erased(id)` is true, in one pass over the slots in memory order,
  // and returns how many it erased: cheaper than an Erase each when they are many, since an Erase
  // reaches its slot at random. Each kept slot moves to where inserting it again would put it.
  template <class Erased>
  size_t EraseIf(const Erased& erased) {
    if (slots_.empty()) return 0;
    // From an empty slot (at most half are full), so that no run wraps into the pass's start.
    size_t start = 0;
    while (slots_[start] != 0) ++start;
    size_t count = 0;
    for (size_t k = 1; k <= slots_.size(); ++k) {
      const size_t s = (start + k) & Mask();
      const uint64_t slot = slots_[s];
      if (slot == 0) continue;
      slots_[s] = 0;
      if (erased(IdOf(slot))) {
        ++count;
        continue;
      }
      // The earlier slots of this run are settled, and s itself is now empty: the probe from the
      // home stops at or before s.
      size_t to = static_cast<size_t>(slot >> 32) & Mask();
      while (slots_[to] != 0) to = Next(to);
      slots_[to] = slot;
    }
    size_ -= count;
    return count;
  }

  void Clear() {
    slots_.clear();
    size_ = 0;
  }
  size_t size() const { return size_; }

  // A hint that `hash` is about to be searched: fetches its first slot.
  void PrefetchSlot(uint64_t hash) const {
    if (!slots_.empty()) PrefetchForRead(&slots_[Home(hash)]);
  }
  // The id of the first slot on `hash`'s probe whose tag matches, among its first
  // kCandidateSlots: most likely the id a search will find, for the caller to fetch its entry
  // ahead. (Only the first slot's line was fetched ahead, so the rest are mostly in it.)
  std::optional<uint32_t> Candidate(uint64_t hash) const {
    if (slots_.empty()) return std::nullopt;
    const uint64_t tag = Tag(hash);
    size_t s = Home(hash);
    for (size_t step = 0; step < kCandidateSlots; ++step, s = Next(s)) {
      const uint64_t slot = slots_[s];
      if (slot == 0) return std::nullopt;
      if ((slot & kTagMask) == tag) return IdOf(slot);
    }
    return std::nullopt;
  }

 private:
  static constexpr uint64_t kTagMask = 0xFFFFFFFF00000000ull;
  static constexpr size_t kMinSlots = 1024;
  static constexpr size_t kCandidateSlots = 8;  // a cache line's
  // At most half the slots are full, and a slot's position comes from 32 bits of the hash.
  static constexpr size_t kMaxIds = size_t{1} << 31;

  static uint64_t Tag(uint64_t hash) { return hash << 32; }
  static uint32_t IdOf(uint64_t slot) { return static_cast<uint32_t>(slot - 1); }
  size_t Mask() const { return slots_.size() - 1; }
  size_t Home(uint64_t hash) const { return static_cast<size_t>(hash & 0xFFFFFFFFu) & Mask(); }
  size_t Next(size_t s) const { return (s + 1) & Mask(); }

  void Grow() {
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? kMinSlots : 2 * old.size(), 0);
    for (const uint64_t slot : old) {
      if (slot == 0) continue;
      size_t s = static_cast<size_t>(slot >> 32) & Mask();
      while (slots_[s] != 0) s = Next(s);
      slots_[s] = slot;
    }
  }

  std::vector<uint64_t> slots_;  // a power of two of them, or none before the first insert
  size_t size_ = 0;
};

}  // namespace sluice::storage
