// Casts between arrays, maps and structs (Spark's Cast.canCast with ANSI off), and nested values
// cast to strings as Spark 3.5 writes them.
#include <gtest/gtest.h>

#include "engine/expr/cast.h"
#include "engine/expr/expression.h"

namespace sluice::engine {
namespace {

const Value kNull;

DataType Arr(DataType e) { return DataType::Array(std::move(e)); }
DataType MapOf(DataType k, DataType v) { return DataType::Map(std::move(k), std::move(v)); }

// One column `x` of `type` holding `values`.
RecordBatch OneColumn(const DataType& type, const std::vector<Value>& values) {
  RecordBatch b(Schema{{{"x", type}}});
  for (const Value& v : values) b.AppendRow({v});
  return b;
}

// The values of CAST(x AS to) over x = `values`.
std::vector<Value> CastValues(const DataType& from, const std::vector<Value>& values,
                              const DataType& to) {
  const RecordBatch b = OneColumn(from, values);
  const Expr e = Col("x").Cast(to);
  EXPECT_EQ(e.Bind(b.schema()).value(), to);
  Column c = e.Evaluate(b).value();
  EXPECT_EQ(c.type(), to);
  std::vector<Value> out;
  for (size_t i = 0; i < c.size(); ++i) out.push_back(c.Get(i));
  return out;
}

TEST(CastNested, ArraysElementByElementKeepingNulls) {
  EXPECT_EQ(
      CastValues(Arr(DataType::kString),
                 {ValueList{std::string("1"), kNull, std::string(" 2 "), std::string("x")}, kNull,
                  ValueList{}},
                 Arr(DataType::kInt32)),
      (std::vector<Value>{ValueList{int64_t{1}, kNull, int64_t{2}, kNull}, kNull, ValueList{}}));
  EXPECT_EQ(
      CastValues(Arr(Arr(DataType::kInt32)),
                 {Value(ValueList{ValueList{int64_t{1}}, kNull, ValueList{int64_t{2}, kNull}})},
                 Arr(Arr(DataType::kString))),
      (std::vector<Value>{Value(
          ValueList{ValueList{std::string("1")}, kNull, ValueList{std::string("2"), kNull}})}));
  EXPECT_EQ(
      CastValues(Arr(DataType::kDouble), {Value(ValueList{1.9, -1.9})}, Arr(DataType::kInt64)),
      (std::vector<Value>{Value(ValueList{int64_t{1}, int64_t{-1}})}));
}

TEST(CastNested, MapsKeyAndValue) {
  const Value m =
      ValueList{ValueList{int64_t{1}, std::string("2")}, ValueList{int64_t{3}, std::string("x")}};
  EXPECT_EQ(
      CastValues(MapOf(DataType::kInt32, DataType::kString), {m, kNull},
                 MapOf(DataType::kInt64, DataType::kInt32)),
      (std::vector<Value>{
          ValueList{ValueList{int64_t{1}, int64_t{2}}, ValueList{int64_t{3}, kNull}}, kNull}));
}

TEST(CastNested, StructsFieldByFieldByPositionWithTheTargetsNames) {
  const DataType from = DataType::Struct({{"a", DataType::kInt32}, {"b", DataType::kString}});
  const DataType to = DataType::Struct({{"x", DataType::kString}, {"y", DataType::kInt32}});
  EXPECT_EQ(
      CastValues(
          from,
          {ValueList{int64_t{1}, std::string("2")}, ValueList{kNull, std::string("z")}, kNull}, to),
      (std::vector<Value>{ValueList{std::string("1"), int64_t{2}}, ValueList{kNull, kNull},
                          kNull}));
}

TEST(CastNested, CanCastFollowsSpark) {
  const DataType s2 = DataType::Struct({{"a", DataType::kInt32}, {"b", DataType::kInt32}});
  const DataType s1 = DataType::Struct({{"a", DataType::kInt32}});
  EXPECT_TRUE(CanCast(Arr(DataType::kString), Arr(DataType::kDate)));
  EXPECT_FALSE(CanCast(Arr(DataType::kBinary), Arr(DataType::kInt32)));  // binary to int: no
  EXPECT_FALSE(CanCast(Arr(DataType::kInt32), DataType::kInt32));
  EXPECT_FALSE(CanCast(Arr(DataType::kInt32), MapOf(DataType::kInt32, DataType::kInt32)));
  EXPECT_FALSE(CanCast(s2, s1));  // a different number of fields
  EXPECT_TRUE(CanCast(s2, DataType::Struct({{"p", DataType::kString}, {"q", DataType::kDouble}})));
  EXPECT_TRUE(CanCast(DataType::kNull, Arr(DataType::kInt32)));
  // A map key must not become null: string to int, double to long, int to a too small decimal
  // may, so Spark refuses them; int to long, int to string, int to decimal(10,0) may not.
  const DataType i = DataType::kInt32;
  EXPECT_FALSE(CanCast(MapOf(DataType::kString, i), MapOf(i, i)));
  EXPECT_FALSE(CanCast(MapOf(DataType::kDouble, i), MapOf(DataType::kInt64, i)));
  EXPECT_FALSE(CanCast(MapOf(i, i), MapOf(DataType::Decimal(5, 0), i)));
  EXPECT_TRUE(CanCast(MapOf(DataType::kTimestamp, i), MapOf(DataType::kInt64, i)));
  EXPECT_TRUE(CanCast(MapOf(i, i), MapOf(DataType::Decimal(10, 0), i)));
  EXPECT_TRUE(CanCast(MapOf(i, i), MapOf(DataType::kString, DataType::kString)));
  EXPECT_TRUE(CanCast(MapOf(DataType::kString, DataType::kString), MapOf(DataType::kString, i)));
  EXPECT_TRUE(CanCast(MapOf(DataType::kString, i), MapOf(DataType::kBinary, i)));
}

TEST(CastNested, ARefusedCastFailsAtBindNamingTheExpression) {
  const RecordBatch b = OneColumn(Arr(DataType::kInt32), {});
  Result<DataType> bad = Col("x").Cast(DataType::kInt32).Bind(b.schema());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("CAST(x AS int)"), std::string::npos);
  EXPECT_NE(bad.status().message().find("array<int>"), std::string::npos);
}

TEST(CastNested, NestedValuesToStringAsSpark35WritesThem) {
  EXPECT_EQ(CastValues(Arr(DataType::kInt32), {ValueList{int64_t{1}, kNull, int64_t{2}}, kNull},
                       DataType::kString),
            (std::vector<Value>{std::string("[1, null, 2]"), kNull}));
  EXPECT_EQ(CastValues(MapOf(DataType::kString, DataType::kInt32),
                       {Value(ValueList{ValueList{std::string("a"), int64_t{1}},
                                        ValueList{std::string("b"), kNull}})},
                       DataType::kString),
            (std::vector<Value>{std::string("{a -> 1, b -> null}")}));
  const DataType s = DataType::Struct({{"a", DataType::kInt32}, {"b", DataType::kString}});
  EXPECT_EQ(CastValues(s, {ValueList{int64_t{1}, std::string("x")}, ValueList{kNull, kNull}},
                       DataType::kString),
            (std::vector<Value>{std::string("{1, x}"), std::string("{null, null}")}));
}

}  // namespace
}  // namespace sluice::engine
