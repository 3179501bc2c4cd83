#include "engine/types/type_parser.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "tests/support/random_values.h"

namespace sluice::engine {
namespace {

DataType Parse(std::string_view text) {
  Result<DataType> t = ParseTypeName(text);
  EXPECT_TRUE(t.ok()) << text << ": " << t.status().ToString();
  return t.ok() ? t.value() : DataType::kNull;
}

TEST(TypeParser, ScenarioNamesAndSparkKeywords) {
  EXPECT_EQ(Parse("int"), DataType::kInt32);
  EXPECT_EQ(Parse("INTEGER"), DataType::kInt32);
  EXPECT_EQ(Parse("long"), DataType::kInt64);
  EXPECT_EQ(Parse("BigInt"), DataType::kInt64);
  EXPECT_EQ(Parse("real"), DataType::kFloat);
  EXPECT_EQ(Parse("boolean"), DataType::kBool);
  EXPECT_EQ(Parse("varchar(10)"), DataType::kString);
  EXPECT_EQ(Parse("decimal(10,2)"), DataType::Decimal(10, 2));
  EXPECT_EQ(Parse("DECIMAL"), DataType::Decimal(10, 0));
  EXPECT_EQ(Parse("numeric(5)"), DataType::Decimal(5, 0));
  EXPECT_EQ(Parse("array<string>"), DataType::Array(DataType::kString));
  EXPECT_EQ(Parse("map<string, int>"), DataType::Map(DataType::kString, DataType::kInt32));
  EXPECT_EQ(Parse("struct<a:int,b:array<string>>"),
            DataType::Struct({{"a", DataType::kInt32}, {"b", DataType::Array(DataType::kString)}}));
  EXPECT_EQ(Parse("STRUCT<`a b`: DOUBLE, c INT NOT NULL COMMENT 'x'>"),
            DataType::Struct({{"a b", DataType::kDouble}, {"c", DataType::kInt32}}));
}

TEST(TypeParser, DdlSchemasAreFieldListsOrOneType) {
  Result<DataType> s = ParseDdlSchema(
      "user STRING, t TIMESTAMP, tags ARRAY<STRING>, geo STRUCT<lat: DOUBLE, lon: DOUBLE>");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(TypeName(s.value()),
            "struct<user:string,t:timestamp,tags:array<string>,geo:struct<lat:double,lon:double>>");
  EXPECT_EQ(SqlTypeName(s.value()),
            "STRUCT<user: STRING, t: TIMESTAMP, tags: ARRAY<STRING>, geo: STRUCT<lat: DOUBLE, "
            "lon: DOUBLE>>");
  EXPECT_EQ(ParseDdlSchema("array<struct<a:int>>").value(),
            DataType::Array(DataType::Struct({{"a", DataType::kInt32}})));
  EXPECT_EQ(ParseDdlSchema("map<string, int>").value(),
            DataType::Map(DataType::kString, DataType::kInt32));
}

TEST(TypeParser, ABadTextNamesThePositionAndWhatWasExpected) {
  Result<DataType> t = ParseDdlSchema("a INT, b");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("at position 8: expected a type"), std::string::npos)
      << t.status().message();
  t = ParseTypeName("array<strin>");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("at position 6"), std::string::npos) << t.status().message();
  EXPECT_NE(t.status().message().find("not 'strin'"), std::string::npos);
  t = ParseTypeName("decimal(39,2)");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("precision in 1..38"), std::string::npos);
  t = ParseDdlSchema("a INT, a STRING");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("'a' is"), std::string::npos) << t.status().message();
  EXPECT_FALSE(ParseTypeName("int extra").ok());
  EXPECT_FALSE(ParseTypeName("map<int>").ok());
  EXPECT_FALSE(ParseTypeName("struct<a:int").ok());
}

TEST(TypeParser, IntIsNotLong) {
  EXPECT_EQ(TypeName(DataType::kInt32), "int");
  EXPECT_EQ(TypeName(DataType::kInt64), "long");
  EXPECT_NE(DataType::kInt32, DataType::kInt64);
  EXPECT_EQ(SqlTypeName(DataType::kInt64), "BIGINT");
}

TEST(TypeParser, SqlNamesAreSparksDataTypeSql) {
  EXPECT_EQ(SqlTypeName(DataType::Decimal(20, 0)), "DECIMAL(20,0)");
  const DataType odd = DataType::Struct({{"a b", DataType::kInt32},
                                         {"x`y", DataType::kInt32},
                                         {"12", DataType::kInt32},
                                         {"_ok1", DataType::kInt32}});
  EXPECT_EQ(SqlTypeName(odd), "STRUCT<`a b`: INT, `x``y`: INT, `12`: INT, _ok1: INT>");
  EXPECT_EQ(ParseTypeName(SqlTypeName(odd)).value(), odd);
}

RC_GTEST_PROP(TypeParser, EveryTypesNameParsesBackToIt, ()) {
  const DataType type = *testing::GenType(3);
  Result<DataType> name = ParseTypeName(TypeName(type));
  RC_ASSERT(name.ok());
  RC_ASSERT(name.value() == type);
  Result<DataType> sql = ParseTypeName(SqlTypeName(type));
  RC_ASSERT(sql.ok());
  RC_ASSERT(sql.value() == type);
}

}  // namespace
}  // namespace sluice::engine
