// Strings in common types and comparisons, as Spark 3.5 coerces them with ANSI off:
// PromoteStrings (comparisons, arithmetic), InConversion and findWiderCommonType (in, coalesce,
// when, if), ConcatCoercion, and no promotion for greatest / least.
#include <gtest/gtest.h>

#include "engine/expr/expression.h"
#include "engine/types/type_coercion.h"

namespace sluice::engine {
namespace {

const Value kNull;

// One row with no columns is enough for literals; `d` a date column holding 2020-01-02.
RecordBatch OneRow() {
  RecordBatch b(Schema{{{"d", DataType::kDate}, {"dec", DataType::Decimal(3, 1)}}});
  b.AppendRow({int64_t{18263}, Decimal128{15}});
  return b;
}

std::pair<DataType, Value> Typed(const Expr& e) {
  const RecordBatch b = OneRow();
  Result<DataType> type = e.Bind(b.schema());
  EXPECT_TRUE(type.ok()) << e.ToString() << ": " << type.status().message();
  if (!type.ok()) return {};
  Result<Column> c = e.Evaluate(b);
  EXPECT_TRUE(c.ok());
  return {type.value(), c.value().Get(0)};
}

std::string BindError(const Expr& e) {
  Result<DataType> t = e.Bind(OneRow().schema());
  return t.ok() ? "" : t.status().message();
}

TEST(StringPromotion, ComparisonsCastTheStringToTheOtherType) {
  EXPECT_EQ(Typed(Lit("1") == Lit(1)).second, Value(true));
  EXPECT_EQ(Typed(Lit(" 1 ") == Lit(1)).second, Value(true));  // trimmed, as cast does
  EXPECT_EQ(Typed(Lit("1.5") == Lit(1)).second, Value(true));  // '1.5' as int is 1
  EXPECT_EQ(Typed(Lit("10") > Lit(9)).second, Value(true));    // as numbers, not text
  EXPECT_EQ(Typed(Lit("x") == Lit(1)).second, kNull);          // 'x' as int is null
  EXPECT_EQ(Typed(Lit("1.5") == Lit(1.5)).second, Value(true));
  // With a decimal both sides compare as doubles.
  EXPECT_EQ(Typed(Lit("1.50") == Col("dec")).second, Value(true));
  // With a date or timestamp the string is read as one.
  EXPECT_EQ(Typed(Lit("2020-01-02") == Col("d")).second, Value(true));
  EXPECT_EQ(Typed(Lit("2020-01-02 00:00:01") > Col("d").Cast(DataType::kTimestamp)).second,
            Value(true));
  EXPECT_EQ(Typed(Lit("true") == Lit(true)).second, Value(true));
  // Date with timestamp as timestamp; bool with a number as the number, for equality only.
  EXPECT_EQ(Typed(Col("d") == Col("d").Cast(DataType::kTimestamp)).second, Value(true));
  EXPECT_EQ(Typed(Lit(true) == Lit(1)).second, Value(true));
  EXPECT_NE(BindError(Lit(true) < Lit(1)), "");
  EXPECT_NE(BindError(Lit("x") == Col("d").Cast(DataType::Array(DataType::kDate))), "");
}

TEST(StringPromotion, ArithmeticCastsAStringToDouble) {
  EXPECT_EQ(Typed(Lit("1") + Lit(1)), std::make_pair(DataType::kDouble, Value(2.0)));
  EXPECT_EQ(Typed(Lit("6") / Lit(4)), std::make_pair(DataType::kDouble, Value(1.5)));
  EXPECT_EQ(Typed(Lit("7") % Lit(2)), std::make_pair(DataType::kDouble, Value(1.0)));
  EXPECT_EQ(Typed(Col("dec") * Lit("2")), std::make_pair(DataType::kDouble, Value(3.0)));
  EXPECT_EQ(Typed(Lit("x") + Lit(1)).second, kNull);
  EXPECT_EQ(Typed(-Lit("2")), std::make_pair(DataType::kDouble, Value(-2.0)));
}

TEST(StringPromotion, CommonTypesPromoteToString) {
  EXPECT_EQ(WiderCommonType({DataType::kInt32, DataType::kString}), DataType::kString);
  EXPECT_EQ(WiderCommonType({DataType::kTimestamp, DataType::kInt32, DataType::kString}),
            DataType::kString);
  EXPECT_EQ(WiderCommonType({DataType::kBool, DataType::kString}), std::nullopt);
  EXPECT_EQ(WiderCommonType({DataType::kBinary, DataType::kString}), std::nullopt);
  EXPECT_EQ(
      WiderCommonType({DataType::Array(DataType::kInt32), DataType::Array(DataType::kString)}),
      DataType::Array(DataType::kString));
  EXPECT_EQ(WiderType(DataType::kInt32, DataType::kString), std::nullopt);
  EXPECT_EQ(Typed(Call(Fn::kCoalesce, {LitNull(DataType::kInt32), Lit("a")})),
            std::make_pair(DataType::kString, Value(std::string("a"))));
  EXPECT_EQ(Typed(Call(Fn::kCoalesce, {Lit(1), Lit("a")})),
            std::make_pair(DataType::kString, Value(std::string("1"))));
  EXPECT_EQ(Typed(Call(Fn::kCoalesce, {Col("d"), Lit("a")})),
            std::make_pair(DataType::kString, Value(std::string("2020-01-02"))));
  EXPECT_NE(BindError(Call(Fn::kCoalesce, {Lit(true), Lit("a")})), "");
  EXPECT_EQ(Typed(Call("if", {Lit(true), Lit(1), Lit("a")})),
            std::make_pair(DataType::kString, Value(std::string("1"))));
  EXPECT_EQ(Typed(Call("when", {Lit(false), Lit("a"), Lit(2.5)})),
            std::make_pair(DataType::kString, Value(std::string("2.5"))));
  EXPECT_EQ(Typed(Call("array", {Lit(1), Lit("a")})).first, DataType::Array(DataType::kString));
}

TEST(StringPromotion, InComparesAsStrings) {
  EXPECT_EQ(Typed(Call("in", {Lit(1), Lit("1")})).second, Value(true));
  EXPECT_EQ(Typed(Call("in", {Lit(1), Lit("1.0")})).second, Value(false));
  EXPECT_EQ(Typed(Call("in", {Lit("1.0"), Lit(1.0)})).second, Value(true));
  EXPECT_EQ(Typed(Call("in", {Col("d"), Lit("2020-01-02")})).second, Value(true));
}

TEST(StringPromotion, GreatestAndLeastDoNotPromote) {
  EXPECT_NE(BindError(Call("greatest", {Lit(1), Lit("2")})), "");
  EXPECT_NE(BindError(Call("least", {Lit("2"), Lit(1)})), "");
}

TEST(StringPromotion, ConcatCastsScalarsToString) {
  EXPECT_EQ(Typed(Call(Fn::kConcat, {Lit("a"), Lit(1), Lit(2.5), Col("d"), Lit(true)})),
            std::make_pair(DataType::kString, Value(std::string("a12.52020-01-02true"))));
  const Expr bin = Lit("ab").Cast(DataType::kBinary);
  EXPECT_EQ(Typed(Call(Fn::kConcat, {bin, bin})),
            std::make_pair(DataType::kBinary, Value(std::string("abab"))));
  EXPECT_EQ(Typed(Call(Fn::kConcat, {bin, Lit("c")})),
            std::make_pair(DataType::kString, Value(std::string("abc"))));
  EXPECT_NE(
      BindError(Call(Fn::kConcat, {Lit("a"), Col("d").Cast(DataType::Array(DataType::kDate))})),
      "");
}

}  // namespace
}  // namespace sluice::engine
