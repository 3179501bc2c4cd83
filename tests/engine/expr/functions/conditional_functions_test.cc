// when, if, nullif, isnull, isnotnull, in (engine/expr/functions/conditional_functions.cc).
#include <gtest/gtest.h>

#include <cmath>

#include "engine/expr/expression.h"

namespace sluice::engine {
namespace {

const Value kNull = std::monostate{};

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
Expr A() { return Col("a"); }
Expr B() { return Col("b"); }
Expr Null() { return LitNull(); }  // Spark's untyped NULL

// a int, b int: (1, 2), (2, null), (null, 1), (3, 3).
RecordBatch Ints() {
  return TwoColumns(DataType::kInt32, DataType::kInt32,
                    {{int64_t{1}, int64_t{2}},
                     {int64_t{2}, kNull},
                     {kNull, int64_t{1}},
                     {int64_t{3}, int64_t{3}}});
}

TEST(When, FirstTrueBranchWinsAndNullConditionsAreFalse) {
  const Expr w =
      Call("when", {A() == Lit(1), Lit("one"), B() == Lit(1), Lit("b one"), Lit("else")});
  EXPECT_EQ(Eval(w, Ints(), DataType::kString),
            (std::vector<Value>{std::string("one"), std::string("else"), std::string("b one"),
                                std::string("else")}));
  const Expr no_else = Call("when", {A() > Lit(1), B()});
  EXPECT_EQ(Eval(no_else, Ints(), DataType::kInt32),
            (std::vector<Value>{kNull, kNull, kNull, int64_t{3}}));
}

TEST(When, BranchesTakeTheirCommonType) {
  const Expr w = Call("when", {A() == Lit(1), A(), Literal(Dec(12), DataType::Decimal(2, 1))});
  EXPECT_EQ(Eval(w, Ints(), DataType::Decimal(11, 1)),
            (std::vector<Value>{Dec(10), Dec(12), Dec(12), Dec(12)}));
  const Expr with_null = Call("when", {A() == Lit(1), Lit("x"), Null()});
  EXPECT_EQ(Eval(with_null, Ints(), DataType::kString),
            (std::vector<Value>{std::string("x"), kNull, kNull, kNull}));
  const Expr null_cond = Call("when", {Null(), Lit(1), Lit(2)});
  EXPECT_EQ(Eval(null_cond, Ints(), DataType::kInt32),
            (std::vector<Value>{int64_t{2}, int64_t{2}, int64_t{2}, int64_t{2}}));
}

TEST(When, RefusesBadArguments) {
  EXPECT_NE(BindError(Call("when", {A(), Lit(1)}), Ints()).find("argument 1"), std::string::npos);
  // An int and a string branch meet in string (findWiderCommonType); a bool and an int do not.
  EXPECT_EQ(
      Eval(Call("when", {A() == Lit(1), Lit(1), Lit("x")}), Ints(), DataType::kString),
      (std::vector<Value>{std::string("1"), std::string("x"), std::string("x"), std::string("x")}));
  EXPECT_NE(BindError(Call("when", {A() == Lit(1), Lit(1), Lit(true)}), Ints()).find("argument 3"),
            std::string::npos);
  EXPECT_NE(BindError(Call("when", {A() == Lit(1)}), Ints()), "");
}

TEST(If, ChoosesTheSecondOrThirdArgument) {
  const Expr e = Call("if", {A() < B(), A(), Lit(int64_t{-1})});
  EXPECT_EQ(Eval(e, Ints(), DataType::kInt64),
            (std::vector<Value>{int64_t{1}, int64_t{-1}, int64_t{-1}, int64_t{-1}}));
  EXPECT_NE(BindError(Call("if", {A() < B(), A()}), Ints()), "");
}

TEST(NullIf, NullWhenEqualElseTheFirst) {
  EXPECT_EQ(Eval(Call("nullif", {A(), B()}), Ints(), DataType::kInt32),
            (std::vector<Value>{int64_t{1}, int64_t{2}, kNull, kNull}));
  // Compared as doubles, typed as the first argument.
  const RecordBatch mixed =
      TwoColumns(DataType::kInt32, DataType::kDouble, {{int64_t{1}, 1.0}, {int64_t{1}, 1.5}});
  EXPECT_EQ(Eval(Call("nullif", {A(), B()}), mixed, DataType::kInt32),
            (std::vector<Value>{kNull, int64_t{1}}));
  const RecordBatch nan =
      TwoColumns(DataType::kDouble, DataType::kDouble, {{std::nan(""), std::nan("")}});
  EXPECT_EQ(Eval(Call("nullif", {A(), B()}), nan, DataType::kDouble), (std::vector<Value>{kNull}));
  // An int and a string compare as ints (EqualTo's PromoteStrings); the type is the first's.
  const RecordBatch text = TwoColumns(DataType::kInt32, DataType::kString,
                                      {{int64_t{1}, std::string("1")},
                                       {int64_t{2}, std::string("1.9")},
                                       {int64_t{3}, std::string("x")}});
  EXPECT_EQ(Eval(Call("nullif", {A(), B()}), text, DataType::kInt32),
            (std::vector<Value>{kNull, int64_t{2}, int64_t{3}}));
  const RecordBatch bad = TwoColumns(DataType::kInt32, DataType::Array(DataType::kInt32), {});
  EXPECT_NE(BindError(Call("nullif", {A(), B()}), bad).find("nullif"), std::string::npos);
}

TEST(NullTests, NeverNull) {
  const DataType s = DataType::Struct({{"x", DataType::kInt32}});
  const RecordBatch b =
      TwoColumns(s, DataType::kInt32, {{ValueList{kNull}, kNull}, {kNull, int64_t{1}}});
  EXPECT_EQ(Eval(Call("isnull", {A()}), b, DataType::kBool), (std::vector<Value>{false, true}));
  EXPECT_EQ(Eval(Call("isnotnull", {B()}), b, DataType::kBool), (std::vector<Value>{false, true}));
  EXPECT_NE(BindError(Call("isnull", {A(), B()}), b), "");
}

TEST(In, ThreeValuedMembership) {
  EXPECT_EQ(Eval(Call("in", {A(), Lit(1), Lit(3)}), Ints(), DataType::kBool),
            (std::vector<Value>{true, false, kNull, true}));
  // A null in the list makes a miss null, not a hit.
  EXPECT_EQ(Eval(Call("in", {A(), B(), Lit(2)}), Ints(), DataType::kBool),
            (std::vector<Value>{false, true, kNull, true}));
  EXPECT_EQ(Eval(Call("in", {A(), Lit(7), Null()}), Ints(), DataType::kBool),
            (std::vector<Value>{kNull, kNull, kNull, kNull}));
  EXPECT_EQ(Eval(Call("in", {A(), Lit(1.0), Lit(2.5)}), Ints(), DataType::kBool),
            (std::vector<Value>{true, false, kNull, false}));
  // An int and a string meet in string (InConversion's findWiderCommonType): 1 IN ('1') is true,
  // 1 IN ('1.0') false.
  EXPECT_EQ(Eval(Call("in", {A(), Lit("1")}), Ints(), DataType::kBool),
            (std::vector<Value>{true, false, kNull, false}));
  EXPECT_EQ(Eval(Call("in", {A(), Lit("1.0")}), Ints(), DataType::kBool),
            (std::vector<Value>{false, false, kNull, false}));
  EXPECT_NE(BindError(Call("in", {A(), Lit(true)}), Ints()).find("argument 2"), std::string::npos);
  EXPECT_NE(BindError(Call("in", {A()}), Ints()), "");
}

TEST(In, StructsCompareFieldByField) {
  const DataType s = DataType::Struct({{"x", DataType::kInt32}, {"y", DataType::kString}});
  const RecordBatch b = TwoColumns(
      s, s,
      {{ValueList{int64_t{1}, std::string("a")}, ValueList{int64_t{1}, std::string("a")}},
       {ValueList{int64_t{1}, kNull}, ValueList{int64_t{1}, kNull}},
       {ValueList{int64_t{1}, std::string("a")}, ValueList{int64_t{1}, std::string("b")}}});
  EXPECT_EQ(Eval(Call("in", {A(), B()}), b, DataType::kBool),
            (std::vector<Value>{true, true, false}));
}

// Spark's In compares doubles by its ordering (SQLOrderingUtil.compareDoubles): NaN equals NaN
// and -0.0 equals 0.0, unlike IEEE equality.
TEST(In, DoublesCompareInSparksOrderNaNEqualsNaN) {
  const double nan = std::nan("");
  const RecordBatch b = TwoColumns(DataType::kDouble, DataType::kDouble,
                                   {{nan, 1.0}, {-0.0, 1.0}, {1.0, nan}, {2.0, 1.0}});
  EXPECT_EQ(Eval(Call("in", {A(), Lit(nan), Lit(0.0)}), b, DataType::kBool),
            (std::vector<Value>{true, true, false, false}));
  EXPECT_EQ(Eval(Call("in", {A(), B()}), b, DataType::kBool),
            (std::vector<Value>{false, false, false, false}));
  EXPECT_EQ(Eval(Call("in", {B(), A()}), b, DataType::kBool),
            (std::vector<Value>{false, false, false, false}));
  const RecordBatch both_nan =
      TwoColumns(DataType::kDouble, DataType::kDouble, {{nan, -std::nan("")}});
  EXPECT_EQ(Eval(Call("in", {A(), B()}), both_nan, DataType::kBool), (std::vector<Value>{true}));
}

}  // namespace
}  // namespace sluice::engine
