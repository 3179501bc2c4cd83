// ForEachInOrder visits every item of its order once, in that order, and asks for each prefetch of
// the item its distance ahead names (so a wrong lookahead cannot go unnoticed), short orders too.
#include "storage/ordered_walk.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <numeric>
#include <vector>

namespace sluice::storage {
namespace {

RC_GTEST_PROP(ForEachInOrder, VisitsInOrderAndPrefetchesEachItemItsDistanceAhead, ()) {
  const auto n = *rc::gen::inRange<uint32_t>(0, 64);
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  // A permutation: the positions sorted by random weights.
  const auto weights =
      *rc::gen::container<std::vector<uint32_t>>(n, rc::gen::inRange<uint32_t>(0, 1000));
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return weights[a] < weights[b]; });
  std::vector<uint32_t> visited, far, near;
  ForEachInOrder(
      order, [&](uint32_t i) { far.push_back(i); }, [&](uint32_t i) { near.push_back(i); },
      [&](uint32_t i) {
        visited.push_back(i);
        // Each item is prefetched before its visit: kFarAhead then kNearAhead positions earlier.
        const size_t j = visited.size() - 1;
        if (j >= kFarAhead) {
          RC_ASSERT(far.size() > j - kFarAhead);
          RC_ASSERT(far[j - kFarAhead] == i);
        }
        if (j >= kNearAhead) {
          RC_ASSERT(near.size() > j - kNearAhead);
          RC_ASSERT(near[j - kNearAhead] == i);
        }
      });
  RC_ASSERT(visited == order);
  const auto tail = [&](size_t ahead) {
    return std::vector<uint32_t>(
        order.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(ahead, n)), order.end());
  };
  RC_ASSERT(far == tail(kFarAhead));
  RC_ASSERT(near == tail(kNearAhead));
}

}  // namespace
}  // namespace sluice::storage
