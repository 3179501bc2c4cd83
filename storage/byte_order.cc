#include "storage/byte_order.h"

#include <array>
#include <cstddef>
#include <utility>

namespace sluice::storage {

void SortByPrefix(std::vector<ByteOrderItem>& items) {
  if (items.empty()) return;
  constexpr int kBytes = 8;
  std::array<std::array<size_t, 256>, kBytes> counts{};
  for (const ByteOrderItem& item : items) {
    for (int b = 0; b < kBytes; ++b) ++counts[b][(item.prefix >> (8 * b)) & 0xff];
  }
  std::vector<ByteOrderItem> scratch(items.size());
  for (int b = 0; b < kBytes; ++b) {
    std::array<size_t, 256>& at = counts[b];
    // A byte every item shares orders nothing.
    if (at[(items[0].prefix >> (8 * b)) & 0xff] == items.size()) continue;
    size_t sum = 0;
    for (size_t& c : at) sum += std::exchange(c, sum);
    for (const ByteOrderItem& item : items) scratch[at[(item.prefix >> (8 * b)) & 0xff]++] = item;
    items.swap(scratch);
  }
}

}  // namespace sluice::storage
