// schema_of_json (engine/expr/functions/schema_of_json.cc) against Spark's answers, and from_json
// taking its result as a schema.
#include <gtest/gtest.h>

#include "engine/expr/expression.h"
#include "engine/types/record_batch.h"
#include "tests/engine/expr/functions/function_test_util.h"

namespace sluice::engine {
namespace {

using testing::BindCall;
using testing::Eval;
using testing::LiteralOf;
using V = std::vector<Value>;

const DataType kStr = DataType::kString;
Value S(std::string s) { return Value(std::move(s)); }

std::string Inferred(const std::string& json) {
  const V out = Eval("schema_of_json", {LiteralOf(kStr, S(json))}, 2);
  EXPECT_EQ(out.size(), 2u);
  return out.empty() ? "" : std::get<std::string>(out[0]);
}

// functions-023 and JsonFunctionsSuite / JsonInferSchemaSuite.
TEST(SchemaOfJson, InfersSparkTypes) {
  EXPECT_EQ(Inferred(R"({"id": 1, "price": 0.1})"), "STRUCT<id: BIGINT, price: DOUBLE>");
  EXPECT_EQ(Inferred(R"({"id": null})"), "STRUCT<id: STRING>");
  EXPECT_EQ(Inferred(R"({"id": ""})"), "STRUCT<id: STRING>");
  EXPECT_EQ(Inferred(R"({"b": [1, 2.5], "a": {"y": true, "x": [null]}})"),
            "STRUCT<a: STRUCT<x: ARRAY<STRING>, y: BOOLEAN>, b: ARRAY<DOUBLE>>");
  EXPECT_EQ(Inferred(R"([{"a": 1}, {"b": "x"}])"), "ARRAY<STRUCT<a: BIGINT, b: STRING>>");
  EXPECT_EQ(Inferred(R"({"a": [1, "x"], "b": [1, {"c": 1}]})"),
            "STRUCT<a: ARRAY<STRING>, b: ARRAY<STRING>>");
  EXPECT_EQ(Inferred(R"({"a": 18446744073709551615, "b": {}, "a b": 1, "1": 2})"),
            "STRUCT<`1`: BIGINT, a: DECIMAL(20,0), `a b`: BIGINT>");
  EXPECT_EQ(Inferred("{}"), "STRUCT<>");
  EXPECT_EQ(Inferred("[]"), "ARRAY<STRING>");
  EXPECT_EQ(Inferred("1"), "BIGINT");
  EXPECT_EQ(Inferred(R"({"a": [18446744073709551615, 1]})"), "STRUCT<a: ARRAY<DECIMAL(20,0)>>");
}

TEST(SchemaOfJson, OptionsAndErrors) {
  const DataType options = DataType::Map(kStr, kStr);
  const Value drop(ValueList{Value(ValueList{S("dropFieldIfAllNull"), S("true")})});
  EXPECT_EQ(Eval("schema_of_json",
                 {LiteralOf(kStr, S(R"({"a": null, "b": 1})")), LiteralOf(options, drop)}, 1),
            (V{S("STRUCT<b: BIGINT>")}));
  EXPECT_FALSE(BindCall("schema_of_json", {LiteralOf(kStr, S("{"))}).ok());
  EXPECT_FALSE(BindCall("schema_of_json", {LiteralOf(kStr, Value())}).ok());
  EXPECT_FALSE(BindCall("schema_of_json", {testing::ColumnOf(kStr, {})}).ok());
}

// FORMAT.md: from_json's schema may be schema_of_json(...), folded at bind time.
TEST(SchemaOfJson, FoldsIntoFromJson) {
  Column json(kStr);
  json.Append(S(R"({"a": 1, "b": [true]})"));
  const RecordBatch batch(Schema{{Field{"j", kStr}}}, {std::move(json)});
  const Expr e =
      Call("from_json", {Col("j"), Call("schema_of_json", {Lit(R"({"a": 0, "b": [false]})")})});
  const Result<DataType> type = e.Bind(batch.schema());
  ASSERT_TRUE(type.ok()) << type.status().ToString();
  EXPECT_EQ(type.value(),
            DataType::Struct({{"a", DataType::kInt64}, {"b", DataType::Array(DataType::kBool)}}));
  const Result<Column> out = e.Evaluate(batch);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.value().Get(0), Value(ValueList{Value(int64_t{1}), Value(ValueList{Value(true)})}));
  // A call that is not foldable stays a column: from_json refuses it.
  EXPECT_FALSE(
      Call("from_json", {Col("j"), Call("upper", {Lit("a INT")})}).Bind(batch.schema()).ok());
}

}  // namespace
}  // namespace sluice::engine
