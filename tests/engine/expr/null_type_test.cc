// Spark's untyped NULL: a literal of the null type (`void`) that takes the type its use needs.
#include <gtest/gtest.h>

#include "engine/expr/expression.h"
#include "engine/types/row_codec.h"
#include "engine/types/type_coercion.h"

namespace sluice::engine {
namespace {

const Value kNull;

// a int: 1, null, 3.
RecordBatch Ints() {
  RecordBatch b(Schema{{{"a", DataType::kInt32}}});
  for (const Value& v : {Value(int64_t{1}), kNull, Value(int64_t{3})}) b.AppendRow({v});
  return b;
}

// The bound type of `e` over Ints() and its values.
std::pair<DataType, std::vector<Value>> Typed(const Expr& e) {
  const RecordBatch b = Ints();
  Result<DataType> type = e.Bind(b.schema());
  EXPECT_TRUE(type.ok()) << e.ToString() << ": " << type.status().message();
  if (!type.ok()) return {};
  Result<Column> c = e.Evaluate(b);
  EXPECT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c.value().type(), type.value());
  std::vector<Value> out;
  for (size_t i = 0; i < c.value().size(); ++i) out.push_back(c.value().Get(i));
  return {type.value(), out};
}

const std::vector<Value> kNulls{kNull, kNull, kNull};

TEST(NullType, ABareNullIsAVoidColumnOfNulls) {
  EXPECT_EQ(LitNull().node().literal_type, DataType::kNull);
  EXPECT_EQ(TypeName(DataType::kNull), "void");
  EXPECT_EQ(LitNull().ToString(), "NULL");
  EXPECT_EQ(Typed(LitNull()), std::make_pair(DataType::kNull, kNulls));
}

TEST(NullType, TakesTheOtherOperandsTypeInArithmeticAndComparisons) {
  EXPECT_EQ(Typed(Col("a") + LitNull()), std::make_pair(DataType::kInt32, kNulls));
  EXPECT_EQ(Typed(LitNull() * Lit(2.5)), std::make_pair(DataType::kDouble, kNulls));
  // Spark: NULL + NULL and -NULL are doubles.
  EXPECT_EQ(Typed(LitNull() + LitNull()).first, DataType::kDouble);
  EXPECT_EQ(Typed(-LitNull()).first, DataType::kDouble);
  EXPECT_EQ(Typed(Col("a") == LitNull()), std::make_pair(DataType::kBool, kNulls));
  EXPECT_EQ(Typed(LitNull() < Lit("x")), std::make_pair(DataType::kBool, kNulls));
  EXPECT_EQ(Typed(LitNull() == LitNull()), std::make_pair(DataType::kBool, kNulls));
}

TEST(NullType, LogicCoalesceConcatAndCasts) {
  EXPECT_EQ(Typed(LitNull() && Lit(false)),
            std::make_pair(DataType::kBool, std::vector<Value>{false, false, false}));
  EXPECT_EQ(Typed(LitNull() || Lit(false)), std::make_pair(DataType::kBool, kNulls));
  EXPECT_EQ(Typed(!LitNull()), std::make_pair(DataType::kBool, kNulls));
  EXPECT_EQ(Typed(Call(Fn::kCoalesce, {LitNull(), Col("a")})),
            std::make_pair(DataType::kInt32, std::vector<Value>{int64_t{1}, kNull, int64_t{3}}));
  EXPECT_EQ(Typed(Call(Fn::kCoalesce, {LitNull(), LitNull()})),
            std::make_pair(DataType::kNull, kNulls));
  EXPECT_EQ(Typed(Call(Fn::kConcat, {Lit("x"), LitNull()})),
            std::make_pair(DataType::kString, kNulls));
  const DataType arr = DataType::Array(DataType::kInt32);
  EXPECT_EQ(Typed(LitNull().Cast(arr)), std::make_pair(arr, kNulls));
  EXPECT_EQ(Typed(LitNull().Cast(DataType::Decimal(5, 2))).second, kNulls);
  EXPECT_EQ(Typed(TimestampSeconds(LitNull())), std::make_pair(DataType::kTimestamp, kNulls));
  EXPECT_EQ(Typed(LitNull().IsNull()),
            std::make_pair(DataType::kBool, std::vector<Value>{true, true, true}));
}

TEST(NullType, ConditionalFunctionsTakeTheOtherArgumentsType) {
  EXPECT_EQ(
      Typed(Call("if", {LitNull(), Lit(1), Lit(2)})),
      std::make_pair(DataType::kInt32, std::vector<Value>{int64_t{2}, int64_t{2}, int64_t{2}}));
  EXPECT_EQ(Typed(Call("when", {Col("a") == Lit(1), LitNull(), Lit("x")})),
            std::make_pair(DataType::kString,
                           std::vector<Value>{kNull, std::string("x"), std::string("x")}));
  EXPECT_EQ(Typed(Call("greatest", {LitNull(), Col("a")})),
            std::make_pair(DataType::kInt32, std::vector<Value>{int64_t{1}, kNull, int64_t{3}}));
  EXPECT_EQ(Typed(Call("in", {LitNull(), Lit(1)})), std::make_pair(DataType::kBool, kNulls));
  EXPECT_EQ(Typed(Call("in", {Col("a"), Lit(3), LitNull()})),
            std::make_pair(DataType::kBool, std::vector<Value>{kNull, kNull, true}));
}

TEST(NullType, RegistryFunctionsTakeANullOfTheTypeTheyExpect) {
  EXPECT_EQ(Typed(Call("upper", {LitNull()})), std::make_pair(DataType::kString, kNulls));
  EXPECT_EQ(Typed(Call("length", {LitNull()})), std::make_pair(DataType::kInt32, kNulls));
  // Two null arguments, each offered the types until the binder accepts it.
  EXPECT_EQ(Typed(Call("substring", {LitNull(), LitNull(), Lit(1)})),
            std::make_pair(DataType::kString, kNulls));
  EXPECT_EQ(Typed(Call("substring", {Lit("abc"), LitNull(), Lit(1)})).second, kNulls);
  // size of a null is -1 (the legacy setting of FORMAT.md).
  EXPECT_EQ(
      Typed(Call("size", {LitNull()})),
      std::make_pair(DataType::kInt32, std::vector<Value>{int64_t{-1}, int64_t{-1}, int64_t{-1}}));
  // A null-typed column that is not a literal: coalesce(NULL, NULL) as upper's argument.
  EXPECT_EQ(Typed(Call("upper", {Call(Fn::kCoalesce, {LitNull(), LitNull()})})),
            std::make_pair(DataType::kString, kNulls));
  // An argument the function refuses whatever its type is still refused, naming it.
  Result<DataType> bad = Call("upper", {LitNull(), LitNull()}).Bind(Ints().schema());
  EXPECT_FALSE(bad.ok());
}

TEST(NullType, WidensToAnyTypeAndTravelsInRowsAndCodecs) {
  EXPECT_EQ(WiderType(DataType::kNull, DataType::kDate), DataType::kDate);
  EXPECT_EQ(WiderCommonType({DataType::kNull, DataType::kString}), DataType::kString);
  EXPECT_EQ(WiderCommonType({DataType::kNull}), DataType::kNull);
  RecordBatch b(Schema{{{"n", DataType::kNull}, {"a", DataType::kInt32}}});
  b.AppendRow({kNull, int64_t{1}});
  b.AppendRow({kNull, kNull});
  EXPECT_EQ(b.num_rows(), 2u);
  std::string bytes;
  EncodeCell(b.column(0), 1, &bytes);
  EXPECT_EQ(DecodeValues(bytes), (std::vector<Value>{kNull}));
  const Column taken = b.column(0).Take(std::vector<uint32_t>{1, 0});
  EXPECT_EQ(taken.type(), DataType::kNull);
  EXPECT_TRUE(taken.IsNull(0) && taken.IsNull(1));
}

}  // namespace
}  // namespace sluice::engine
