#include "engine/expression.h"

#include <gtest/gtest.h>

#include "engine/operators.h"

namespace sluice::engine {
namespace {

RecordBatch Numbers() {
  RecordBatch b(Schema{{{"v", DataType::kInt64}, {"s", DataType::kString}}});
  b.AppendRow({int64_t{1}, std::string("a")});
  b.AppendRow({int64_t{4}, std::monostate{}});
  b.AppendRow({std::monostate{}, std::string("c")});
  return b;
}

TEST(Expression, ArithmeticFollowsSparkTyping) {
  const RecordBatch b = Numbers();
  EXPECT_EQ((Col("v") + Lit(1)).Bind(b.schema()).value(), DataType::kInt64);
  EXPECT_EQ((Col("v") / Lit(2)).Bind(b.schema()).value(), DataType::kDouble);
  Column div = (Col("v") / Lit(0)).Evaluate(b).value();
  EXPECT_TRUE(div.IsNull(0));  // division by zero is null, not an error
  Column sum = (Col("v") * Lit(3)).Evaluate(b).value();
  EXPECT_EQ(sum.Int(1), 12);
  EXPECT_TRUE(sum.IsNull(2));
}

TEST(Expression, ThreeValuedLogic) {
  const RecordBatch b = Numbers();
  Column c = ((Col("v") > Lit(2)) || (Col("s") == Lit("a"))).Evaluate(b).value();
  EXPECT_TRUE(c.Bool(0));
  EXPECT_TRUE(c.Bool(1));   // 4 > 2, s is null: true OR null = true
  EXPECT_TRUE(c.IsNull(2)); // null > 2 OR false = null
  Column n = Col("s").IsNull().Evaluate(b).value();
  EXPECT_FALSE(n.Bool(0));
  EXPECT_TRUE(n.Bool(1));
}

TEST(Expression, CastsAndTimestamps) {
  const RecordBatch b = Numbers();
  Column ts = TimestampSeconds(Col("v")).Evaluate(b).value();
  EXPECT_EQ(ts.type(), DataType::kTimestamp);
  EXPECT_EQ(ts.Int(1), 4000000);
  Column text = TimestampSeconds(Col("v")).Cast(DataType::kString).Evaluate(b).value();
  EXPECT_EQ(text.String(0), "1970-01-01 00:00:01");
  Column back = TimestampSeconds(Col("v")).Cast(DataType::kInt64).Evaluate(b).value();
  EXPECT_EQ(back.Int(1), 4);
  Column parsed = Col("s").Cast(DataType::kInt64).Evaluate(b).value();
  EXPECT_TRUE(parsed.IsNull(0));  // "a" is no number: null
  Column later = (TimestampSeconds(Col("v")) + IntervalMicros(5000000)).Evaluate(b).value();
  EXPECT_EQ(later.Int(0), 6000000);
}

TEST(Expression, BindNamesTheMissingColumn) {
  auto bad = (Col("nope") + Lit(1)).Bind(Numbers().schema());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("column 'nope' not found"), std::string::npos);
  EXPECT_FALSE((Col("s") + Lit(1)).Bind(Numbers().schema()).ok());
}

TEST(Operators, SelectWhereWithColumn) {
  const RecordBatch b = Numbers();
  RecordBatch w = MakeWhere(Col("v") > Lit(2))->Apply(b).value();
  EXPECT_EQ(w.num_rows(), 1u);
  RecordBatch s = MakeSelect({(Col("v") * Lit(2)).As("double")})->Apply(b).value();
  EXPECT_EQ(s.schema().fields[0].name, "double");
  EXPECT_EQ(s.column(0).Int(0), 2);
  RecordBatch c = MakeWithColumn("v", Col("v") + Lit(1))->Apply(b).value();
  EXPECT_EQ(c.num_columns(), 2u);
  EXPECT_EQ(c.column(0).Int(0), 2);
  auto bad = MakeWhere(Col("v"))->Bind(b.schema());
  EXPECT_NE(bad.status().message().find("not bool"), std::string::npos);
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
