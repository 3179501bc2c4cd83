#include "storage/id_bitmap.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <set>

namespace sluice::storage {
namespace {

RC_GTEST_PROP(IdBitmap, HoldsWhatASetHolds, (const std::vector<uint16_t>& drawn)) {
  const size_t bound = 1 + *rc::gen::inRange<size_t>(0, 70000);
  std::vector<uint32_t> ids;
  for (const uint16_t id : drawn) {
    if (id < bound) ids.push_back(id);
  }
  const std::set<uint32_t> expected(ids.begin(), ids.end());
  const IdBitmap bitmap(bound, ids);
  RC_ASSERT(bitmap.Ascending(ids.size()) ==
            std::vector<uint32_t>(expected.begin(), expected.end()));
  for (uint32_t id = 0; id < bound + 64; id += 1 + id / 8) {
    RC_ASSERT(bitmap.Contains(id) == expected.contains(id));
  }
}

TEST(IdBitmap, WordEdgesAreKept) {
  const std::vector<uint32_t> ids = {129, 0, 63, 64, 127, 128};
  const IdBitmap bitmap(130, ids);
  EXPECT_EQ(bitmap.Ascending(), (std::vector<uint32_t>{0, 63, 64, 127, 128, 129}));
  EXPECT_FALSE(bitmap.Contains(1));
  EXPECT_FALSE(bitmap.Contains(130));
  EXPECT_FALSE(bitmap.Contains(1u << 30));
}

}  // namespace
}  // namespace sluice::storage
