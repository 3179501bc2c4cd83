#include "engine/ops/static_join.h"

#include <gtest/gtest.h>

#include "tests/support/sample_batches.h"

namespace sluice::engine {
namespace {

using testing::NumbersAndNulls;

TEST(Operators, StaticJoinInnerAndLeftOuter) {
  RecordBatch table(Schema{{{"number", DataType::kInt64}, {"word", DataType::kString}}});
  table.AppendRow({int64_t{1}, std::string("one")});
  table.AppendRow({int64_t{4}, std::string("four")});
  const RecordBatch b = NumbersAndNulls();
  auto inner = MakeStaticJoin(table, "t", JoinType::kInner, Col("left.v") == Col("right.number"));
  RecordBatch i = inner->Apply(b).value();
  EXPECT_EQ(i.num_rows(), 2u);
  EXPECT_EQ(i.schema().fields.size(), 4u);
  auto outer = MakeStaticJoin(table, "t", JoinType::kLeftOuter, Col("v") == Col("number"));
  RecordBatch o = outer->Apply(b).value();
  ASSERT_EQ(o.num_rows(), 3u);
  EXPECT_TRUE(o.column(3).IsNull(2));
}

}  // namespace
}  // namespace sluice::engine
