// abs, round, floor, ceil, pow, sqrt, exp, log, pmod, greatest, least
// (engine/expr/functions/math_functions.cc, math_arith_functions.cc).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "engine/expr/expression.h"

namespace sluice::engine {
namespace {

constexpr int32_t kIntMin = std::numeric_limits<int32_t>::min();
constexpr int32_t kIntMax = std::numeric_limits<int32_t>::max();
constexpr int64_t kLongMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kLongMax = std::numeric_limits<int64_t>::max();
const Value kNull = std::monostate{};

// One column `x` of `type` holding `values`.
RecordBatch OneColumn(const DataType& type, const std::vector<Value>& values) {
  RecordBatch b(Schema{{{"x", type}}});
  for (const Value& v : values) b.AppendRow({v});
  return b;
}

// Columns `a` and `b` of the given types, row by row.
RecordBatch TwoColumns(const DataType& ta, const DataType& tb,
                       const std::vector<std::pair<Value, Value>>& rows) {
  RecordBatch b(Schema{{{"a", ta}, {"b", tb}}});
  for (const auto& [x, y] : rows) b.AppendRow({x, y});
  return b;
}

// The values `e` computes over `b`, checking its bound type.
std::vector<Value> Eval(const Expr& e, const RecordBatch& b, const DataType& want) {
  Result<DataType> type = e.Bind(b.schema());
  EXPECT_TRUE(type.ok()) << type.status().message();
  if (!type.ok()) return {};
  EXPECT_EQ(TypeName(type.value()), TypeName(want));
  Column c = e.Evaluate(b).value();
  std::vector<Value> out;
  for (size_t i = 0; i < c.size(); ++i) out.push_back(c.Get(i));
  return out;
}

// The message of the error binding `e` gives (empty when it binds).
std::string BindError(const Expr& e, const RecordBatch& b) {
  Result<DataType> type = e.Bind(b.schema());
  return type.ok() ? "" : type.status().message();
}

Value Dec(int64_t unscaled) { return Decimal128{unscaled}; }
Expr X() { return Col("x"); }

TEST(Abs, KeepsTheTypeAndWrapsIntegers) {
  EXPECT_EQ(
      Eval(Call("abs", {X()}), OneColumn(DataType::kInt32, {int64_t{-3}, kNull, int64_t{kIntMin}}),
           DataType::kInt32),
      (std::vector<Value>{int64_t{3}, kNull, int64_t{kIntMin}}));
  EXPECT_EQ(Eval(Call("abs", {X()}), OneColumn(DataType::kInt64, {int64_t{kLongMin}, int64_t{5}}),
                 DataType::kInt64),
            (std::vector<Value>{int64_t{kLongMin}, int64_t{5}}));
  EXPECT_EQ(
      Eval(Call("abs", {X()}), OneColumn(DataType::kDouble, {-2.5, 0.0, kNull}), DataType::kDouble),
      (std::vector<Value>{2.5, 0.0, kNull}));
  EXPECT_EQ(Eval(Call("abs", {X()}), OneColumn(DataType::kFloat, {-1.5}), DataType::kFloat),
            (std::vector<Value>{1.5}));
  const DataType d = DataType::Decimal(5, 2);
  EXPECT_EQ(Eval(Call("abs", {X()}), OneColumn(d, {Dec(-1234)}), d),
            (std::vector<Value>{Dec(1234)}));
  EXPECT_NE(BindError(Call("abs", {X()}), OneColumn(DataType::kBool, {})).find("abs"),
            std::string::npos);
}

// Spark's ImplicitTypeCasts: a string where a number is expected is cast to a double (a
// malformed one is null): abs('-1.5') is 1.5, floor('-1.5') is -2.
TEST(MathOfStrings, AStringArgumentIsCastToADouble) {
  const RecordBatch s =
      OneColumn(DataType::kString, {std::string("-1.5"), std::string("x"), kNull});
  EXPECT_EQ(Eval(Call("abs", {X()}), s, DataType::kDouble),
            (std::vector<Value>{1.5, kNull, kNull}));
  EXPECT_EQ(Eval(Call("floor", {X()}), s, DataType::kInt64),
            (std::vector<Value>{int64_t{-2}, kNull, kNull}));
  EXPECT_EQ(Eval(Call("ceil", {X()}), s, DataType::kInt64),
            (std::vector<Value>{int64_t{-1}, kNull, kNull}));
  EXPECT_EQ(Eval(Call("round", {X()}), s, DataType::kDouble),
            (std::vector<Value>{-2.0, kNull, kNull}));
  EXPECT_EQ(Eval(Call("pmod", {X(), Lit(int64_t{2})}), s, DataType::kDouble),
            (std::vector<Value>{0.5, kNull, kNull}));
  EXPECT_EQ(Eval(Call("abs", {Lit("-4")}), s, DataType::kDouble),
            (std::vector<Value>{4.0, 4.0, 4.0}));
}

TEST(Round, IntegersRoundHalfUpAtNegativeScalesAndWrap) {
  const RecordBatch b =
      OneColumn(DataType::kInt32, {int64_t{5}, int64_t{55}, int64_t{-55}, int64_t{kIntMax}, kNull});
  EXPECT_EQ(Eval(Call("round", {X()}), b, DataType::kInt32),
            (std::vector<Value>{int64_t{5}, int64_t{55}, int64_t{-55}, int64_t{kIntMax}, kNull}));
  EXPECT_EQ(
      Eval(Call("round", {X(), Lit(-1)}), b, DataType::kInt32),
      (std::vector<Value>{int64_t{10}, int64_t{60}, int64_t{-60}, int64_t{-2147483646}, kNull}));
  EXPECT_EQ(
      Eval(Call("round", {X(), Lit(-2)}), b, DataType::kInt32),
      (std::vector<Value>{int64_t{0}, int64_t{100}, int64_t{-100}, int64_t{kIntMax - 47}, kNull}));
  const RecordBatch l = OneColumn(DataType::kInt64, {int64_t{kLongMax}, int64_t{-449}});
  EXPECT_EQ(Eval(Call("round", {X(), Lit(-19)}), l, DataType::kInt64),
            (std::vector<Value>{int64_t{-8446744073709551616}, int64_t{0}}));
  EXPECT_EQ(Eval(Call("round", {X(), Lit(-30)}), l, DataType::kInt64),
            (std::vector<Value>{int64_t{0}, int64_t{0}}));
}

TEST(Round, DoublesRoundTheirShortestDecimalDigits) {
  const RecordBatch b =
      OneColumn(DataType::kDouble, {2.5, -2.5, 1.005, 0.125, -0.4, 123.456, std::nan(""), kNull});
  std::vector<Value> r0 = Eval(Call("round", {X()}), b, DataType::kDouble);
  EXPECT_EQ(std::get<double>(r0[0]), 3.0);
  EXPECT_EQ(std::get<double>(r0[1]), -3.0);
  EXPECT_EQ(std::get<double>(r0[2]), 1.0);
  EXPECT_FALSE(std::signbit(std::get<double>(r0[4])));  // BigDecimal has no -0
  EXPECT_TRUE(std::isnan(std::get<double>(r0[6])));
  EXPECT_TRUE(IsNull(r0[7]));
  std::vector<Value> r2 = Eval(Call("round", {X(), Lit(2)}), b, DataType::kDouble);
  EXPECT_EQ(std::get<double>(r2[2]), 1.01);  // 1.005 reads as "1.005", not 1.00499999...
  EXPECT_EQ(std::get<double>(r2[3]), 0.13);
  EXPECT_EQ(std::get<double>(r2[5]), 123.46);
  std::vector<Value> rn = Eval(Call("round", {X(), Lit(-1)}), b, DataType::kDouble);
  EXPECT_EQ(std::get<double>(rn[5]), 120.0);
  const RecordBatch big = OneColumn(DataType::kDouble, {5e300, 4e300, 9.5});
  std::vector<Value> rb = Eval(Call("round", {X(), Lit(-301)}), big, DataType::kDouble);
  EXPECT_EQ(rb, (std::vector<Value>{1e301, 0.0, 0.0}));
  std::vector<Value> r9 = Eval(Call("round", {X()}), big, DataType::kDouble);
  EXPECT_EQ(std::get<double>(r9[2]), 10.0);
}

TEST(Round, FloatsDecimalsAndNullScale) {
  std::vector<Value> f = Eval(Call("round", {X(), Lit(1)}),
                              OneColumn(DataType::kFloat, {0.25, 2.45}), DataType::kFloat);
  EXPECT_EQ(std::get<double>(f[0]), static_cast<double>(0.3f));
  EXPECT_EQ(std::get<double>(f[1]), static_cast<double>(2.5f));  // 2.45f is 2.450000047...
  const RecordBatch d = OneColumn(DataType::Decimal(5, 3), {Dec(1235), Dec(-1235), kNull});
  EXPECT_EQ(Eval(Call("round", {X(), Lit(2)}), d, DataType::Decimal(5, 2)),
            (std::vector<Value>{Dec(124), Dec(-124), kNull}));
  EXPECT_EQ(Eval(Call("round", {X(), Lit(-1)}), d, DataType::Decimal(3, 0)),
            (std::vector<Value>{Dec(0), Dec(0), kNull}));
  EXPECT_EQ(Eval(Call("round", {X(), Lit(5)}), d, DataType::Decimal(6, 3)),
            (std::vector<Value>{Dec(1235), Dec(-1235), kNull}));
  // A null scale reads as 0 for the type (Spark's null.asInstanceOf[Int]).
  EXPECT_EQ(Eval(Call("round", {X(), LitNull(DataType::kInt32)}), d, DataType::Decimal(3, 0)),
            (std::vector<Value>{kNull, kNull, kNull}));
  const RecordBatch two = TwoColumns(DataType::kDouble, DataType::kInt32, {});
  EXPECT_NE(BindError(Call("round", {Col("a"), Col("b")}), two).find("literal"), std::string::npos);
}

TEST(FloorCeil, LongsAndDecimals) {
  const RecordBatch b = OneColumn(DataType::kDouble, {-0.5, 1.5, std::nan(""), 1e20, kNull});
  EXPECT_EQ(Eval(Call("floor", {X()}), b, DataType::kInt64),
            (std::vector<Value>{int64_t{-1}, int64_t{1}, int64_t{0}, int64_t{kLongMax}, kNull}));
  EXPECT_EQ(Eval(Call("ceil", {X()}), b, DataType::kInt64),
            (std::vector<Value>{int64_t{0}, int64_t{2}, int64_t{0}, int64_t{kLongMax}, kNull}));
  EXPECT_EQ(Eval(Call("ceil", {X()}), OneColumn(DataType::kInt32, {int64_t{5}}), DataType::kInt64),
            (std::vector<Value>{int64_t{5}}));
  EXPECT_EQ(Eval(Call("floor", {X()}), OneColumn(DataType::kFloat, {-1.25}), DataType::kInt64),
            (std::vector<Value>{int64_t{-2}}));
  const RecordBatch d = OneColumn(DataType::Decimal(1, 1), {Dec(-1), Dec(1)});
  EXPECT_EQ(Eval(Call("ceil", {X()}), d, DataType::Decimal(1, 0)),
            (std::vector<Value>{Dec(0), Dec(1)}));
  EXPECT_EQ(Eval(Call("floor", {X()}), d, DataType::Decimal(1, 0)),
            (std::vector<Value>{Dec(-1), Dec(0)}));
  const RecordBatch whole = OneColumn(DataType::Decimal(7, 0), {Dec(-12)});
  EXPECT_EQ(Eval(Call("floor", {X()}), whole, DataType::Decimal(7, 0)),
            (std::vector<Value>{Dec(-12)}));
}

TEST(DoubleFunctions, PowSqrtExpLog) {
  const RecordBatch b = TwoColumns(DataType::kInt32, DataType::kDouble,
                                   {{int64_t{10}, 100.0},
                                    {int64_t{2}, 0.0},
                                    {int64_t{0}, 5.0},
                                    {int64_t{-2}, -1.0},
                                    {kNull, 4.0},
                                    {int64_t{1}, 5.0}});
  EXPECT_EQ(Eval(Call("log", {Col("a"), Col("b")}), b, DataType::kDouble)[0], Value(2.0));
  std::vector<Value> lb = Eval(Call("log", {Col("a"), Col("b")}), b, DataType::kDouble);
  EXPECT_TRUE(IsNull(lb[1]) && IsNull(lb[2]) && IsNull(lb[3]) && IsNull(lb[4]));
  EXPECT_TRUE(std::isinf(std::get<double>(lb[5])));  // log base 1
  std::vector<Value> ln = Eval(Call("log", {Col("b")}), b, DataType::kDouble);
  EXPECT_EQ(ln[0], Value(std::log(100.0)));
  EXPECT_TRUE(IsNull(ln[1]) && IsNull(ln[3]));
  EXPECT_EQ(Eval(Call("pow", {Col("a"), Lit(3)}), b, DataType::kDouble)[1], Value(8.0));
  EXPECT_TRUE(IsNull(Eval(Call("pow", {Col("a"), Lit(3)}), b, DataType::kDouble)[4]));
  std::vector<Value> sq = Eval(Call("sqrt", {Col("b")}), b, DataType::kDouble);
  EXPECT_EQ(sq[0], Value(10.0));
  EXPECT_TRUE(std::isnan(std::get<double>(sq[3])));
  EXPECT_EQ(Eval(Call("exp", {Col("a")}), b, DataType::kDouble)[2], Value(1.0));
  const RecordBatch s = OneColumn(DataType::kString, {std::string("4"), std::string("x")});
  EXPECT_EQ(Eval(Call("sqrt", {X()}), s, DataType::kDouble), (std::vector<Value>{2.0, kNull}));
  EXPECT_NE(BindError(Call("exp", {X()}), OneColumn(DataType::kBool, {})).find("exp"),
            std::string::npos);
}

TEST(Pmod, IntegersFollowJava) {
  const RecordBatch b = TwoColumns(DataType::kInt32, DataType::kInt32,
                                   {{int64_t{7}, int64_t{3}},
                                    {int64_t{-7}, int64_t{3}},
                                    {int64_t{7}, int64_t{-3}},
                                    {int64_t{-7}, int64_t{-3}},
                                    {int64_t{7}, int64_t{0}},
                                    {int64_t{kIntMin}, int64_t{-1}},
                                    {int64_t{-1}, int64_t{kIntMin}},
                                    {kNull, int64_t{3}}});
  EXPECT_EQ(Eval(Call("pmod", {Col("a"), Col("b")}), b, DataType::kInt32),
            (std::vector<Value>{int64_t{1}, int64_t{2}, int64_t{1}, int64_t{-1}, kNull, int64_t{0},
                                int64_t{kIntMax}, kNull}));
  const RecordBatch l = TwoColumns(DataType::kInt64, DataType::kInt32,
                                   {{int64_t{-7}, int64_t{3}}, {int64_t{kLongMin}, int64_t{-1}}});
  EXPECT_EQ(Eval(Call("pmod", {Col("a"), Col("b")}), l, DataType::kInt64),
            (std::vector<Value>{int64_t{2}, int64_t{0}}));
}

TEST(Pmod, FloatingAndDecimal) {
  const RecordBatch d =
      TwoColumns(DataType::kDouble, DataType::kInt32, {{-7.5, int64_t{2}}, {7.2, int64_t{0}}});
  EXPECT_EQ(Eval(Call("pmod", {Col("a"), Col("b")}), d, DataType::kDouble),
            (std::vector<Value>{0.5, kNull}));
  const RecordBatch f = TwoColumns(DataType::kFloat, DataType::kFloat, {{-7.5, 2.0}});
  EXPECT_EQ(Eval(Call("pmod", {Col("a"), Col("b")}), f, DataType::kFloat),
            (std::vector<Value>{0.5}));
  const RecordBatch z =
      TwoColumns(DataType::Decimal(2, 1), DataType::Decimal(1, 1), {{Dec(10), Dec(0)}});
  EXPECT_EQ(Eval(Call("pmod", {Col("a"), Col("b")}), z, DataType::Decimal(1, 1)),
            (std::vector<Value>{kNull}));
  const RecordBatch m = TwoColumns(DataType::Decimal(3, 1), DataType::kInt32,
                                   {{Dec(-75), int64_t{3}}, {Dec(75), kNull}});
  // An int literal is decimal(1,0): min(2, 1) + 1 digits; an int column decimal(10,0).
  EXPECT_EQ(Eval(Call("pmod", {Col("a"), Lit(3)}), m, DataType::Decimal(2, 1)),
            (std::vector<Value>{Dec(15), Dec(15)}));
  EXPECT_EQ(Eval(Call("pmod", {Col("a"), Col("b")}), m, DataType::Decimal(3, 1)),
            (std::vector<Value>{Dec(15), kNull}));
}

TEST(GreatestLeast, SkipNullsInTheCommonType) {
  const RecordBatch b = TwoColumns(
      DataType::kInt32, DataType::kDouble,
      {{int64_t{1}, 2.5}, {int64_t{3}, kNull}, {kNull, kNull}, {int64_t{1}, std::nan("")}});
  std::vector<Value> g = Eval(Call("greatest", {Col("a"), Col("b")}), b, DataType::kDouble);
  EXPECT_EQ(g[0], Value(2.5));
  EXPECT_EQ(g[1], Value(3.0));
  EXPECT_TRUE(IsNull(g[2]));
  EXPECT_TRUE(std::isnan(std::get<double>(g[3])));  // NaN is above every number
  EXPECT_EQ(Eval(Call("least", {Col("a"), Col("b")}), b, DataType::kDouble),
            (std::vector<Value>{1.0, 3.0, kNull, 1.0}));
  EXPECT_EQ(Eval(Call("least", {Col("a"), Lit(2), LitNull()}), b, DataType::kInt32),
            (std::vector<Value>{int64_t{1}, int64_t{2}, int64_t{2}, int64_t{1}}));
  const RecordBatch s =
      TwoColumns(DataType::kString, DataType::kString, {{std::string("b"), std::string("ab")}});
  EXPECT_EQ(Eval(Call("greatest", {Col("a"), Col("b")}), s, DataType::kString),
            (std::vector<Value>{std::string("b")}));
  const RecordBatch d =
      TwoColumns(DataType::kInt32, DataType::Decimal(2, 1), {{int64_t{1}, Dec(15)}});
  EXPECT_EQ(Eval(Call("greatest", {Col("a"), Col("b")}), d, DataType::Decimal(11, 1)),
            (std::vector<Value>{Dec(15)}));
  const RecordBatch bad = TwoColumns(DataType::kInt32, DataType::kString, {});
  EXPECT_NE(BindError(Call("greatest", {Col("a"), Col("b")}), bad).find("argument 2"),
            std::string::npos);
  EXPECT_NE(BindError(Call("least", {Col("a")}), bad), "");
}

TEST(GreatestLeast, ArraysOrderElementByElement) {
  const DataType t = DataType::Array(DataType::kInt32);
  const RecordBatch b = TwoColumns(t, t,
                                   {{ValueList{int64_t{1}, int64_t{2}}, ValueList{int64_t{1}}},
                                    {ValueList{kNull, int64_t{5}}, ValueList{int64_t{0}}}});
  EXPECT_EQ(Eval(Call("greatest", {Col("a"), Col("b")}), b, t),
            (std::vector<Value>{ValueList{int64_t{1}, int64_t{2}}, ValueList{int64_t{0}}}));
  const DataType m = DataType::Map(DataType::kString, DataType::kInt32);
  EXPECT_NE(BindError(Call("least", {Col("a"), Col("b")}), TwoColumns(m, m, {})), "");
}

}  // namespace
}  // namespace sluice::engine
