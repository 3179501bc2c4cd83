#include "storage/byte_order.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <numeric>
#include <string>

namespace sluice::storage {
namespace {

TEST(ByteOrder, OrdersUnsignedBytesAndPrefixesFirst) {
  const std::vector<std::string> keys{"b",         std::string("a\0", 2), "a", "\xff",
                                      "abcdefgh2", "abcdefgh1",           ""};
  const std::vector<uint32_t> order =
      ByteOrder(keys.size(), [&](size_t i) { return std::string_view(keys[i]); });
  EXPECT_EQ(order, (std::vector<uint32_t>{6, 2, 1, 5, 4, 0, 3}));
}

// ByteOrder of `keys` is std::stable_sort's order of their positions by std::string_view's order.
void AssertByteOrderIsAStableSort(const std::vector<std::string>& keys) {
  std::vector<uint32_t> expected(keys.size());
  std::iota(expected.begin(), expected.end(), 0u);
  std::stable_sort(expected.begin(), expected.end(), [&](uint32_t a, uint32_t b) {
    return std::string_view(keys[a]) < std::string_view(keys[b]);
  });
  RC_ASSERT(ByteOrder(keys.size(), [&](size_t i) { return std::string_view(keys[i]); }) ==
            expected);
}

// Against std::stable_sort by std::string_view's order; keys share long prefixes and repeat.
RC_GTEST_PROP(ByteOrder, EqualsAStableSortOfTheKeys, ()) {
  // A shared run of 7 or 15 bytes, so that keys differ just before or just after each 8-byte word.
  const auto keys = *rc::gen::container<std::vector<std::string>>(rc::gen::map(
      rc::gen::pair(rc::gen::element<size_t>(7, 15),
                    rc::gen::container<std::string>(rc::gen::element('\0', 'a', '\xff'))),
      [](const std::pair<size_t, std::string>& p) {
        return std::string(p.first, 'p') + p.second;
      }));
  AssertByteOrderIsAStableSort(keys);
}

// The same with enough keys for the radix sort (256 or more), keys of one shape as state keys are
// (a tag, then little-endian words), so that most of the first word's bytes are shared and skipped
// and runs that share the first word are sorted by the rest.
RC_GTEST_PROP(ByteOrder, ARadixSortOfManyKeysEqualsAStableSort, ()) {
  const size_t n = *rc::gen::inRange<size_t>(256, 1500);
  const auto keys = *rc::gen::container<std::vector<std::string>>(
      n, rc::gen::map(
             rc::gen::pair(rc::gen::inRange<uint32_t>(0, 600),
                           rc::gen::container<std::string>(rc::gen::element('\0', 'a', '\xff'))),
             [](const std::pair<uint32_t, std::string>& p) {
               std::string key = "i";
               for (int b = 0; b < 8; ++b)
                 key.push_back(static_cast<char>(uint64_t{p.first} >> (8 * b)));
               return key + p.second;
             }));
  AssertByteOrderIsAStableSort(keys);
}

}  // namespace
}  // namespace sluice::storage
