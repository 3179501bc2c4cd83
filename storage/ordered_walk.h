// ForEachInOrder: a walk over items in a given order (a sort's permutation, say) whose memory is
// reached at random, with each item's memory fetched ahead of its turn so that the walk waits on
// memory's bandwidth rather than its latency.
//
// Rules: prefetches are hints; they never change what the walk computes. Each callback gets an
// item's index from `order`: `far` and `near` may only prefetch (PrefetchForRead), and run for
// the item kFarAhead and kNearAhead places ahead of the one `visit` gets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace sluice::storage {

// Asks the processor to bring the cache line holding `p` in for reading.
inline void PrefetchForRead(const void* p) { __builtin_prefetch(p, 0, 3); }

// Two stages: `far` fetches what locates an item (its entry in an array of offsets, say), `near`
// what that leads to (its bytes), once `far`'s line has had time to arrive.
inline constexpr size_t kFarAhead = 16;
inline constexpr size_t kNearAhead = 8;
// A third stage, where what `near` fetched points further (a string's bytes, say): fetched this
// many places ahead, once `near`'s line has had time to arrive.
inline constexpr size_t kLastAhead = 4;

template <class Far, class Near, class Visit>
void ForEachInOrder(std::span<const uint32_t> order, const Far& far, const Near& near,
                    const Visit& visit) {
  const size_t n = order.size();
  for (size_t j = 0; j < n; ++j) {
    if (j + kFarAhead < n) far(order[j + kFarAhead]);
    if (j + kNearAhead < n) near(order[j + kNearAhead]);
    visit(order[j]);
  }
}

}  // namespace sluice::storage
