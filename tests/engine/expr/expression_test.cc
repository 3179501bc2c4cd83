#include "engine/expr/expression.h"

#include <gtest/gtest.h>

#include "tests/support/sample_batches.h"

namespace sluice::engine {
namespace {

using testing::NumbersAndNulls;

TEST(Expression, ArithmeticFollowsSparkTyping) {
  const RecordBatch b = NumbersAndNulls();
  EXPECT_EQ((Col("v") + Lit(1)).Bind(b.schema()).value(), DataType::kInt64);
  EXPECT_EQ((Col("v") / Lit(2)).Bind(b.schema()).value(), DataType::kDouble);
  Column div = (Col("v") / Lit(0)).Evaluate(b).value();
  EXPECT_TRUE(div.IsNull(0));  // division by zero is null, not an error
  Column sum = (Col("v") * Lit(3)).Evaluate(b).value();
  EXPECT_EQ(sum.Int(1), 12);
  EXPECT_TRUE(sum.IsNull(2));
}

TEST(Expression, ThreeValuedLogic) {
  const RecordBatch b = NumbersAndNulls();
  Column c = ((Col("v") > Lit(2)) || (Col("s") == Lit("a"))).Evaluate(b).value();
  EXPECT_TRUE(c.Bool(0));
  EXPECT_TRUE(c.Bool(1));    // 4 > 2, s is null: true OR null = true
  EXPECT_TRUE(c.IsNull(2));  // null > 2 OR false = null
  Column n = Col("s").IsNull().Evaluate(b).value();
  EXPECT_FALSE(n.Bool(0));
  EXPECT_TRUE(n.Bool(1));
}

TEST(Expression, CastsAndTimestamps) {
  const RecordBatch b = NumbersAndNulls();
  Column ts = TimestampSeconds(Col("v")).Evaluate(b).value();
  EXPECT_EQ(ts.type(), DataType::kTimestamp);
  EXPECT_EQ(ts.Int(1), 4000000);
  Column text = TimestampSeconds(Col("v")).Cast(DataType::kString).Evaluate(b).value();
  EXPECT_EQ(text.String(0), "1970-01-01 00:00:01");
  Column back = TimestampSeconds(Col("v")).Cast(DataType::kInt64).Evaluate(b).value();
  EXPECT_EQ(back.Int(1), 4);
  Column parsed = Col("s").Cast(DataType::kInt64).Evaluate(b).value();
  EXPECT_TRUE(parsed.IsNull(0));  // "a" is no number: null
  Column later = (TimestampSeconds(Col("v")) + Interval(Seconds(5))).Evaluate(b).value();
  EXPECT_EQ(later.Int(0), 6000000);
}

TEST(Expression, BindNamesTheMissingColumn) {
  auto bad = (Col("nope") + Lit(1)).Bind(NumbersAndNulls().schema());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("column 'nope' not found"), std::string::npos);
  // A string operand is cast to double (Spark's PromoteStrings); a bool one is refused.
  EXPECT_EQ((Col("s") + Lit(1)).Bind(NumbersAndNulls().schema()).value(), DataType::kDouble);
  EXPECT_FALSE((Lit(true) + Lit(1)).Bind(NumbersAndNulls().schema()).ok());
}

}  // namespace
}  // namespace sluice::engine
