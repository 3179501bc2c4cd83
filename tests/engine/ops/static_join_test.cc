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

// A stream's event-time column keeps its watermark through the join, so an append-mode window
// aggregation after it plans (Spark keeps the event-time metadata of the streaming side).
TEST(Operators, StaticJoinKeepsTheStreamsWatermark) {
  RecordBatch table(Schema{{{"id", DataType::kInt64}, {"name", DataType::kString}}});
  Schema stream{{{"id", DataType::kInt64}, {"t", DataType::kTimestamp}}};
  stream.fields[1].watermark_delay_us = 10'000'000;
  auto join = MakeStaticJoin(table, "ads", JoinType::kInner, Col("left.id") == Col("right.id"));
  const Schema out = join->Bind(stream).value();
  ASSERT_EQ(out.fields.size(), 4u);
  EXPECT_EQ(out.fields[1].name, "t");
  EXPECT_EQ(out.fields[1].watermark_delay_us, std::optional<int64_t>(10'000'000));
  EXPECT_EQ(out.fields[0].watermark_delay_us, std::nullopt);
  EXPECT_EQ(out.fields[2].watermark_delay_us, std::nullopt);
}

}  // namespace
}  // namespace sluice::engine
