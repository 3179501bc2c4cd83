// from_json (engine/expr/functions/from_json.cc): Spark's JsonToStructs in PERMISSIVE mode, read
// with simdjson On-Demand straight into the output column.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/expr/expression.h"
#include "engine/types/type_parser.h"
#include "tests/engine/expr/functions/function_test_util.h"

namespace sluice::engine {
namespace {

using testing::ColumnOf;
using testing::LiteralOf;

const DataType kStr = DataType::kString;

// from_json over `texts` (nullopt = a null row) with `schema` and options; each row as text.
std::vector<std::string> FromJson(
    const std::vector<std::optional<std::string>>& texts, const std::string& schema,
    const std::vector<std::pair<std::string, std::string>>& options = {}) {
  std::vector<Value> values;
  for (const auto& t : texts) values.push_back(t ? Value(*t) : Value());
  std::vector<testing::TestArg> args{ColumnOf(kStr, values), LiteralOf(kStr, Value(schema))};
  if (!options.empty()) {
    ValueList entries;
    for (const auto& [k, v] : options) entries.push_back(Value(ValueList{Value(k), Value(v)}));
    args.push_back(LiteralOf(DataType::Map(kStr, kStr), Value(std::move(entries))));
  }
  Result<Column> out = testing::CallFunction("from_json", args, texts.size());
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  std::vector<std::string> rows;
  if (!out.ok()) return rows;
  const DataType type = ParseDdlSchema(schema).value();
  for (size_t r = 0; r < out.value().size(); ++r) {
    rows.push_back(ValueToString(out.value().Get(r), type));
  }
  return rows;
}

using Rows = std::vector<std::string>;

TEST(FromJson, FieldsInAnyOrderMissingOnesNull) {
  EXPECT_EQ(
      FromJson({R"({"b": "x", "a": 1})", R"({"a": 2})", "{}", std::nullopt}, "a INT, b STRING"),
      (Rows{"{1, x}", "{2, null}", "{null, null}", "null"}));
}

TEST(FromJson, MalformedRecordIsNullsAndItsTextInTheCorruptField) {
  const std::vector<std::pair<std::string, std::string>> corrupt = {
      {"columnNameOfCorruptRecord", "_c"}};
  // The second record is cut short after its first field was appended: it leaves nothing.
  EXPECT_EQ(FromJson({R"({"a": 1})", R"({"a": 2, "b": [1, )", R"({"a" 1})", R"({"a": 3} x)",
                      R"({"a": 4})"},
                     "a INT, b ARRAY<INT>, _c STRING", corrupt),
            (Rows{"{1, null, null}", R"({null, null, {"a": 2, "b": [1, })",
                  R"({null, null, {"a" 1}})", R"({null, null, {"a": 3} x})", "{4, null, null}"}));
  EXPECT_EQ(FromJson({"[1, 2]", "3", "", "nul"}, "a INT"),
            (Rows{"{null}", "{null}", "{null}", "{null}"}));
  // A root array of objects is malformed for a struct schema: from_json does not read an array
  // as rows (Spark's JsonToStructs sets allowArrayAsStructs false; the JSON file source sets it).
  EXPECT_EQ(FromJson({R"([{"a": 1}, {"a": 2}])", "[]"}, "a INT, _c STRING", corrupt),
            (Rows{R"({null, [{"a": 1}, {"a": 2}]})", "{null, []}"}));
}

// Records are read where they lie in the batch's bytes: a record cut short is never completed
// by the bytes of the record after it, however long the batch.
TEST(FromJson, ARecordCutShortIsNotCompletedByTheNextRecord) {
  const std::string filler = R"({"b": ")" + std::string(80, 'x') + R"("})";
  EXPECT_EQ(FromJson({R"({"a": tru)", "e}", R"({"a": 1)", "2}", R"({"a": 7})", "null", "[", filler},
                     "a INT, b STRING"),
            (Rows{"{null, null}", "{null, null}", "{null, null}", "{null, null}", "{7, null}",
                  "null", "{null, null}", "{null, " + std::string(80, 'x') + "}"}));
  EXPECT_EQ(FromJson({R"({"a": tru)", "e}", filler}, "a BOOLEAN, b STRING"),
            (Rows{"{null, null}", "{null, null}", "{null, " + std::string(80, 'x') + "}"}));
}

// Through Expr::Evaluate the schema literal is not broadcast (the kernel took it at bind time),
// but a literal text is: one parsed row per input row.
TEST(FromJson, ALiteralTextGivesARowPerInputRow) {
  RecordBatch b(Schema{{{"x", DataType::kInt64}}});
  for (int64_t i = 0; i < 3; ++i) b.AppendRow({i});
  for (const char* fn : {"from_json", "from_csv"}) {
    const std::string text = std::string(fn) == "from_json" ? R"({"a": 7})" : "7";
    const Expr e = Call(fn, {Lit(text), Lit("a INT")});
    Result<Column> out = e.Evaluate(b);
    ASSERT_TRUE(out.ok()) << fn << ": " << out.status().ToString();
    ASSERT_EQ(out->size(), 3u) << fn;
    for (size_t r = 0; r < 3; ++r) EXPECT_EQ(out->child(0).Int32(r), 7) << fn;
  }
}

TEST(FromJson, TheLiteralNullIsANullRow) {
  const std::vector<std::pair<std::string, std::string>> corrupt = {
      {"columnNameOfCorruptRecord", "_c"}};
  EXPECT_EQ(FromJson({" null ", "null x"}, "a INT, _c STRING", corrupt),
            (Rows{"null", "{null, null x}"}));
}

TEST(FromJson, InvalidJsonInAFieldNotReadStillMakesTheRecordMalformed) {
  EXPECT_EQ(FromJson({R"({"z": [1, tru], "a": 1})", R"({"z": {"y": "\x"}, "a": 1})",
                      R"({"z": [[1]], "a": 1})"},
                     "a INT"),
            (Rows{"{null}", "{null}", "{1}"}));
}

TEST(FromJson, AValueOfTheWrongTypeIsNullAndTheRestIsKept) {
  EXPECT_EQ(FromJson({R"({"a": "1", "b": 1.5, "c": {"x": 1}, "d": [1, 3], "e": true})"},
                     "a INT, b BIGINT, c ARRAY<INT>, d ARRAY<INT>, e INT"),
            (Rows{"{null, null, null, [1, 3], null}"}));
  EXPECT_EQ(FromJson({R"({"a": 2147483648, "b": 9223372036854775808})"}, "a INT, b BIGINT"),
            (Rows{"{null, null}"}));
}

TEST(FromJson, AStringFieldTakesTheJsonTextOfOtherValues) {
  EXPECT_EQ(FromJson({R"({"a": {"x": [1, 2.50, true]}, "b": 1E2, "c": "s\u0041"})"},
                     "a STRING, b STRING, c STRING"),
            (Rows{R"({{"x":[1,2.5,true]}, 100.0, sA})"}));
}

TEST(FromJson, NumbersDecimalsAndNonFiniteStrings) {
  EXPECT_EQ(FromJson({R"({"d": 12.345, "e": 7, "f": "NaN", "g": "-Infinity", "h": 1})"},
                     "d DECIMAL(10,2), e DECIMAL(10,2), f DOUBLE, g FLOAT, h DOUBLE"),
            (Rows{"{12.35, 7.00, NaN, -Infinity, 1.0}"}));
  // More than 19 digits: a decimal reads the exact text (Jackson's getDecimalValue), a double
  // reads it again from the text (simdjson 3.0.1's get_number reads 0).
  EXPECT_EQ(FromJson({R"({"d": 10.000000000000000001, "x": 123456789.123456789123})"},
                     "d DECIMAL(38,18), x DOUBLE"),
            (Rows{"{10.000000000000000001, 1.2345678912345679E8}"}));
  // A decimal from a string, as Java's BigDecimal reads it: no surrounding spaces; one that does
  // not fit the precision is null.
  EXPECT_EQ(FromJson({R"({"d": "12.345", "e": " 1", "f": "1e2", "g": 123456789012})"},
                     "d DECIMAL(10,2), e DECIMAL(10,2), f DECIMAL(10,2), g DECIMAL(10,2)"),
            (Rows{"{12.35, null, 100.00, null}"}));
}

TEST(FromJson, TimestampAndDateFormats) {
  EXPECT_EQ(FromJson({R"({"t": "26/08/2015 18:00", "d": "26/08/2015"})"}, "t TIMESTAMP, d DATE",
                     {{"timestampFormat", "dd/MM/yyyy HH:mm"}, {"dateFormat", "dd/MM/yyyy"}}),
            (Rows{"{2015-08-26 18:00:00, 2015-08-26}"}));
  EXPECT_EQ(FromJson({R"({"t": 1, "d": "2015-08-26"})"}, "t TIMESTAMP, d DATE"),
            (Rows{"{1970-01-01 00:00:01, 2015-08-26}"}));
}

// JacksonParser.convertObject writes the field each time it meets the key.
TEST(FromJson, RepeatedKeysTheLastWins) {
  EXPECT_EQ(FromJson({R"({"a": 1, "a": 2})", R"({"a": 1, "a": [tru]})", R"({"a": 1, "a": null})",
                      R"({"s": "x", "s": "y", "a": 3})", R"({"u": [1], "u": [2, 3]})"},
                     "a INT, s STRING, u ARRAY<INT>"),
            (Rows{"{2, null, null}", "{null, null, null}", "{null, null, null}", "{3, y, null}",
                  "{null, null, [2, 3]}"}));
  // A value that does not convert leaves the one before (and the record is a partial result).
  EXPECT_EQ(FromJson({R"({"a": 1, "a": "x"})", R"({"v": {"p": 1}, "v": {"q": 2}})"},
                     "a INT, v STRUCT<p: INT, q: INT>, _corrupt_record STRING"),
            (Rows{R"({1, null, {"a": 1, "a": "x"}})", "{null, {null, 2}, null}"}));
  EXPECT_EQ(FromJson({R"({"k": 1, "k": 2})"}, "MAP<STRING, INT>"), (Rows{"{k -> 1, k -> 2}"}));
}

// An array element (or map value) that does not convert fails the whole array (map): Spark's
// convertArray catches only partial results, so the error reaches the enclosing struct field.
TEST(FromJson, AnArrayOrMapWithABadElementIsNullAsAWhole) {
  EXPECT_EQ(
      FromJson({R"({"t": [1, "x", 3], "m": {"a": 1, "b": "y"}, "id": 5})",
                R"({"t": [[1], [2, "x"], [3]], "id": 6})", R"({"t": [1, "x", [tru]], "id": 7})"},
               "t ARRAY<INT>, m MAP<STRING, INT>, id INT"),
      (Rows{"{null, null, 5}", "{null, null, 6}", "{null, null, null}"}));
  EXPECT_EQ(FromJson({R"({"t": [[1], [2, "x"]]})"}, "t ARRAY<ARRAY<INT>>"), (Rows{"{null}"}));
  // A struct element that partly converts is kept (partial results).
  EXPECT_EQ(
      FromJson({R"({"t": [{"a": 1}, {"a": "x", "b": 2}]})"}, "t ARRAY<STRUCT<a: INT, b: INT>>"),
      (Rows{"{[{1, null}, {null, 2}]}"}));
  EXPECT_EQ(FromJson({R"({"u": {"a": "x", "b": 2}, "c": 3})"}, "u STRUCT<a: INT, b: INT>, c INT"),
            (Rows{"{{null, 2}, 3}"}));
}

// The default corrupt-record field is _corrupt_record (spark.sql.columnNameOfCorruptRecord); a
// record with a value that does not convert keeps its other fields and fills that field too.
TEST(FromJson, DefaultCorruptRecordFieldAndPartialResults) {
  EXPECT_EQ(
      FromJson({R"({"id": 1, "_corrupt_record": "z"})", R"({"id": 2)", R"({"id": "x", "n": "a"})",
                R"({"id": 3, "n": "b", "t": [1, "x"]})", R"({"u": {"v": "w"}})"},
               "id INT, n STRING, t ARRAY<INT>, u STRUCT<v: INT>, _corrupt_record STRING"),
      (Rows{"{1, null, null, null, null}", R"({null, null, null, null, {"id": 2})",
            R"({null, a, null, null, {"id": "x", "n": "a"}})",
            R"({3, b, null, null, {"id": 3, "n": "b", "t": [1, "x"]}})",
            R"({null, null, null, {null}, {"u": {"v": "w"}}})"}));
  // The option names another field; _corrupt_record is then an ordinary field.
  EXPECT_EQ(
      FromJson({R"({"a": "x", "_corrupt_record": "k"})"}, "a INT, _corrupt_record STRING, c STRING",
               {{"columnNameOfCorruptRecord", "c"}}),
      (Rows{R"({null, k, {"a": "x", "_corrupt_record": "k"}})"}));
}

TEST(FromJson, TheCorruptRecordFieldMustBeAString) {
  std::vector<testing::TestArg> args{ColumnOf(kStr, {Value("{}")}),
                                     LiteralOf(kStr, Value("a INT, _corrupt_record INT"))};
  EXPECT_FALSE(testing::CallFunction("from_json", args, 1).ok());
}

TEST(FromJson, EscapedKeysMatchTheirFields) {
  EXPECT_EQ(FromJson({R"({"\u0061": 1, "b\"c": 2})"}, "a INT, `b\"c` INT"), (Rows{"{1, 2}"}));
}

TEST(FromJson, ArraysAndMapsAtTheTop) {
  EXPECT_EQ(
      FromJson({R"([{"a": 1}, {"a": 2}, null])", R"([{"a": 1}, 3])", "[1, ]", R"([{"a": "x"}])"},
               "ARRAY<STRUCT<a: INT>>"),
      (Rows{"[{1}, {2}, null]", "null", "null", "[{null}]"}));
  EXPECT_EQ(FromJson({R"({"x": 1, "y": 2})", R"({"x": 1, "y": "z"})", "[1]"}, "MAP<STRING, INT>"),
            (Rows{"{x -> 1, y -> 2}", "null", "null"}));
}

// SPARK-19595: for an array<struct> schema a single JSON object is an array of one struct.
TEST(FromJson, AnObjectIsAnArrayOfOneStruct) {
  EXPECT_EQ(FromJson({R"({"a": 1, "z": 2})", "{}", R"({"a": "x"})", R"({"a": 1)", "[]"},
                     "ARRAY<STRUCT<a: INT>>"),
            (Rows{"[{1}]", "[{null}]", "[{null}]", "null", "[]"}));
  EXPECT_EQ(FromJson({R"({"a": 1})"}, "ARRAY<INT>"), (Rows{"null"}));
}

// simdjson's DOM parser (the rule kept) takes a value inside at most 1023 containers.
TEST(FromJson, NestingDeeperThanTheLimitIsMalformed) {
  auto nested = [](int depth) {
    return R"({"a": )" + std::string(depth - 1, '[') + "1" + std::string(depth - 1, ']') + "}";
  };
  EXPECT_EQ(FromJson({nested(1023), nested(1024)}, "a STRING"),
            (Rows{"{" + std::string(1022, '[') + "1" + std::string(1022, ']') + "}", "{null}"}));
}

}  // namespace
}  // namespace sluice::engine
