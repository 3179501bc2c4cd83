#include "engine/ops/static_join.h"

#include <gtest/gtest.h>

namespace sluice::engine {
namespace {

RecordBatch Numbers() {
  RecordBatch b(Schema{{{"v", DataType::kInt64}, {"s", DataType::kString}}});
  b.AppendRow({int64_t{1}, std::string("a")});
  b.AppendRow({int64_t{4}, std::monostate{}});
  b.AppendRow({std::monostate{}, std::string("c")});
  return b;
}

TEST(Operators, StaticJoinInnerAndLeftOuter) {
  RecordBatch table(Schema{{{"number", DataType::kInt64}, {"word", DataType::kString}}});
  table.AppendRow({int64_t{1}, std::string("one")});
  table.AppendRow({int64_t{4}, std::string("four")});
  const RecordBatch b = Numbers();
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
