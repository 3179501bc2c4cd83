// from_csv, to_csv (engine/expr/functions/csv_functions.cc), their value conversions
// (csv_value.h) and the record tokenizer (engine/expr/csv_line.h), against Spark's answers.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/expr/csv_line.h"
#include "engine/expr/functions/csv_value.h"
#include "tests/engine/expr/functions/function_test_util.h"

namespace sluice::engine {
namespace {

using testing::BindCall;
using testing::ColumnOf;
using testing::Eval;
using testing::LiteralOf;
using V = std::vector<Value>;
using Fields = std::vector<std::optional<std::string>>;

const Value kNull;
const DataType kStr = DataType::kString;
const DataType kOptions = DataType::Map(kStr, kStr);
Value I(int64_t v) { return Value(v); }
Value D(double v) { return Value(v); }
Value S(std::string s) { return Value(std::move(s)); }
Value L(ValueList v) { return Value(std::move(v)); }
testing::TestArg Options(std::vector<std::pair<std::string, std::string>> kv) {
  ValueList entries;
  for (auto& [k, v] : kv) entries.push_back(L({S(k), S(v)}));
  return LiteralOf(kOptions, L(std::move(entries)));
}
V FromCsv(std::vector<Value> rows, std::string schema,
          std::vector<std::pair<std::string, std::string>> options = {}) {
  const size_t n = rows.size();
  return Eval("from_csv",
              {ColumnOf(kStr, std::move(rows)), LiteralOf(kStr, S(schema)), Options(options)}, n);
}

TEST(CsvLine, Parses) {
  const CsvFormat f;
  EXPECT_EQ(ParseCsvLine("1, 0.8", f), (Fields{"1", " 0.8"}));
  EXPECT_EQ(ParseCsvLine("a,,\"\",b", f), (Fields{"a", std::nullopt, "", "b"}));
  EXPECT_EQ(ParseCsvLine("\"a,b\",\"c\\\"d\",\"e\\\\\"", f), (Fields{"a,b", "c\"d", "e\\"}));
  EXPECT_EQ(ParseCsvLine("\"ab\"cd,e", f), (Fields{"ab\"cd", "e"}));
  EXPECT_EQ(ParseCsvLine("a\nb,c", f), (Fields{"a"}));
  EXPECT_EQ(ParseCsvLine("\"a\nb\",c", f), (Fields{"a\nb", "c"}));
  EXPECT_EQ(ParseCsvLine("", f), Fields{});
  EXPECT_EQ(ParseCsvLine(",", f), (Fields{std::nullopt, std::nullopt}));
  EXPECT_EQ(ParseCsvLine("a||b|c", CsvFormat{"||", '"', '\\'}), (Fields{"a", "b|c"}));
  EXPECT_EQ(ParseCsvLine("'a''b',c", CsvFormat{",", '\'', '\''}), (Fields{"a'b", "c"}));
}

TEST(CsvLine, WritesWhatItReadsBack) {
  const CsvFormat f;
  CsvWriteOptions keep;
  keep.trim_leading = keep.trim_trailing = false;
  const Fields fields{"a,b", std::nullopt, "", "q\"x", "back\\", " sp ", "x\ny"};
  const std::string line = WriteCsvLine(fields, f, keep);
  EXPECT_EQ(line, "\"a,b\",,\"\",\"q\\\"x\",\"back\\\\\", sp ,\"x\ny\"");
  EXPECT_EQ(ParseCsvLine(line, f), fields);
  EXPECT_EQ(WriteCsvLine({" a ", "1"}, f, CsvWriteOptions{}), "a,1");  // Spark trims on write
}

TEST(CsvValue, JavaNumbersAndDecimals) {
  EXPECT_EQ(ParseJavaDouble(" 0.8"), 0.8);
  EXPECT_EQ(ParseJavaDouble("1e3d"), 1000.0);
  EXPECT_EQ(ParseJavaDouble("-Infinity"), -HUGE_VAL);
  EXPECT_EQ(ParseJavaDouble("1e999"), HUGE_VAL);
  EXPECT_EQ(ParseJavaDouble("abc"), std::nullopt);
  EXPECT_EQ(ParseJavaDouble("."), std::nullopt);
  EXPECT_EQ(ParseJavaFloat("0.1f"), 0.1f);
  EXPECT_EQ(JavaBigDecimalString(1230, 2), "12.30");
  EXPECT_EQ(JavaBigDecimalString(0, 18), "0E-18");
  EXPECT_EQ(JavaBigDecimalString(-123, 9), "-1.23E-7");
  EXPECT_EQ(JavaBigDecimalString(1, 6), "0.000001");
}

// functions-030: whitespace is kept, and Java's parseDouble trims it; parseInt does not.
TEST(FromCsv, ConvertsFields) {
  EXPECT_EQ(FromCsv({S("1, 0.8"), kNull}, "a INT, b DOUBLE"), (V{L({I(1), D(0.8)}), kNull}));
  EXPECT_EQ(FromCsv({S(" 1,x")}, "a INT, b STRING"), (V{L({kNull, S("x")})}));
  EXPECT_EQ(FromCsv({S("TRUE,2147483648,\"1,234.5\",,\"\"")},
                    "a BOOLEAN, b BIGINT, c DECIMAL(6,1), d STRING, e STRING"),
            (V{L({Value(true), I(2147483648LL), Value(Decimal128{12345}), kNull, kNull})}));
  EXPECT_EQ(FromCsv({S("2147483648")}, "a INT"), (V{L({kNull})}));
  EXPECT_EQ(FromCsv({S("-")}, "a INT", {{"nullValue", "-"}}), (V{L({kNull})}));
}

// functions-034: nanValue, positiveInf, negativeInf.
TEST(FromCsv, SpecialFloats) {
  const V nan = FromCsv({S("#")}, "`float` FLOAT", {{"nanValue", "#"}});
  EXPECT_TRUE(std::isnan(std::get<double>(std::get<ValueList>(nan[0])[0])));
  EXPECT_EQ(FromCsv({S("#")}, "f FLOAT", {{"positiveInf", "#"}}), (V{L({D(HUGE_VAL)})}));
  EXPECT_EQ(FromCsv({S("-Inf")}, "f DOUBLE"), (V{L({D(-HUGE_VAL)})}));
}

// functions-032: a bad date keeps the other fields and fills the corrupt-record field.
TEST(FromCsv, CorruptRecords) {
  const std::string schema = "a INT, b DATE, _unparsed STRING";
  const std::vector<std::pair<std::string, std::string>> options = {
      {"mode", "Permissive"}, {"columnNameOfCorruptRecord", "_unparsed"}};
  EXPECT_EQ(FromCsv({S("0,2013-111-11 12:13:14"), S("1,1983-08-04")}, schema, options),
            (V{L({I(0), kNull, S("0,2013-111-11 12:13:14")}), L({I(1), I(4963), kNull})}));
  // Too few or too many fields: malformed, the fields read are kept.
  EXPECT_EQ(FromCsv({S("1"), S("1,2,3")}, "a INT, b INT, _corrupt_record STRING"),
            (V{L({I(1), kNull, S("1")}), L({I(1), I(2), S("1,2,3")})}));
  EXPECT_EQ(FromCsv({S("")}, "a INT, _corrupt_record STRING"), (V{L({kNull, S("")})}));
}

TEST(FromCsv, Options) {
  EXPECT_EQ(FromCsv({S("1;'a;b'")}, "a INT, b STRING", {{"sep", ";"}, {"quote", "'"}}),
            (V{L({I(1), S("a;b")})}));
  EXPECT_EQ(FromCsv({S("01/02/2020")}, "d DATE", {{"dateFormat", "dd/MM/yyyy"}}),
            (V{L({I(18293)})}));
  EXPECT_EQ(FromCsv({S("2020-01-02 03:04:05")}, "t TIMESTAMP"), (V{L({I(1577934245000000LL)})}));
}

TEST(FromCsv, RefusesBadCalls) {
  auto bind = [](std::string schema, std::vector<std::pair<std::string, std::string>> o) {
    return BindCall("from_csv", {ColumnOf(kStr, {}), LiteralOf(kStr, S(schema)), Options(o)})
        .status();
  };
  EXPECT_FALSE(bind("a ARRAY<INT>", {}).ok());
  EXPECT_FALSE(bind("a INT", {{"mode", "FAILFAST"}}).ok());
  EXPECT_FALSE(bind("a INT, c INT", {{"columnNameOfCorruptRecord", "c"}}).ok());
  EXPECT_FALSE(bind("a INT", {{"quote", "ab"}}).ok());
  EXPECT_FALSE(BindCall("from_csv", {ColumnOf(kStr, {}), ColumnOf(kStr, {})}).ok());
}

// functions-035 and Spark's to_csv defaults.
TEST(ToCsv, WritesStructs) {
  const DataType t = DataType::Struct({{"a", DataType::kInt32},
                                       {"b", kStr},
                                       {"c", DataType::kTimestamp},
                                       {"d", DataType::kDate},
                                       {"e", DataType::Decimal(5, 2)},
                                       {"f", DataType::kDouble}});
  const auto rows = ColumnOf(
      t, {L({I(1), S("x,y"), I(1437732000000000LL), I(4963), Value(Decimal128{-50}), D(1e20)}),
          L({kNull, S(""), kNull, kNull, kNull, kNull}), kNull});
  EXPECT_EQ(
      Eval("to_csv", {rows}, 3),
      (V{S("1,\"x,y\",2015-07-24T10:00:00.000Z,1983-08-04,-0.50,1.0E20"), S(",\"\",,,,"), kNull}));
  EXPECT_EQ(Eval("to_csv", {rows, Options({{"sep", "|"}, {"nullValue", "N"}})}, 3)[1],
            S("N|\"\"|N|N|N|N"));
  EXPECT_FALSE(
      BindCall("to_csv", {ColumnOf(DataType::Struct({{"a", DataType::Array(kStr)}}), {})}).ok());
  EXPECT_FALSE(BindCall("to_csv", {ColumnOf(kStr, {})}).ok());
}

}  // namespace
}  // namespace sluice::engine
