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

// An Expr keeps its binding to the last schema; a batch of another schema binds it again, and
// its copies share what it bound.
TEST(Expression, AnotherSchemaBindsAgain) {
  const Expr e = Call("upper", {Call("concat_ws", {Lit("-"), Col("x"), Col("x")})});
  const Expr copy = e;  // NOLINT(performance-unnecessary-copy-initialization): the copy is tested
  Column longs(DataType::kInt64);
  longs.AppendInt(7);
  Column strings(DataType::kString);
  strings.AppendString("ab");
  const RecordBatch a(Schema{{{"x", DataType::kInt64}}}, {longs});
  const RecordBatch b(Schema{{{"x", DataType::kString}}}, {strings});
  EXPECT_EQ(e.Evaluate(a).value().String(0), "7-7");
  EXPECT_EQ(copy.Evaluate(b).value().String(0), "AB-AB");
  EXPECT_EQ(e.Evaluate(a).value().String(0), "7-7");
  const RecordBatch c(Schema{{{"y", DataType::kString}}}, {strings});
  EXPECT_FALSE(e.Evaluate(c).ok());  // an error is not kept
  EXPECT_EQ(copy.Evaluate(b).value().String(0), "AB-AB");
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
