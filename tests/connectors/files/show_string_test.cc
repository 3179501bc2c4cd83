// ShowString (connectors/files/show_string.cc): Spark 3.5's Dataset.showString, the table the
// console sink prints.
#include "connectors/files/show_string.h"

#include <gtest/gtest.h>

#include <string>

namespace sluice::connectors::files {
namespace {

using engine::DataType;
using engine::RecordBatch;
using engine::Schema;
using engine::Value;
using engine::ValueList;

RecordBatch Words(const std::vector<std::pair<Value, Value>>& rows) {
  RecordBatch b(Schema{{{"word", DataType::kString}, {"n", DataType::kInt64}}});
  for (const auto& [w, n] : rows) b.AppendRow({w, n});
  return b;
}

TEST(ShowString, RightAlignedCellsWithNullAsNULL) {
  EXPECT_EQ(
      ShowString(Words({{std::string("a"), int64_t{1}}, {std::string("bb"), Value()}}), 20, 20),
      "+----+----+\n"
      "|word|   n|\n"
      "+----+----+\n"
      "|   a|   1|\n"
      "|  bb|NULL|\n"
      "+----+----+\n");
}

TEST(ShowString, AnEmptyBatchIsItsHeaderAndColumnsAreAtLeastThreeWide) {
  RecordBatch b(Schema{{{"x", DataType::kInt32}}});
  EXPECT_EQ(ShowString(b, 20, 20),
            "+---+\n"
            "|  x|\n"
            "+---+\n"
            "+---+\n");
}

TEST(ShowString, MoreRowsThanShownEndWithAFooter) {
  const RecordBatch b = Words({{std::string("a"), int64_t{1}},
                               {std::string("b"), int64_t{2}},
                               {std::string("c"), int64_t{3}}});
  EXPECT_EQ(ShowString(b, 2, 20),
            "+----+---+\n"
            "|word|  n|\n"
            "+----+---+\n"
            "|   a|  1|\n"
            "|   b|  2|\n"
            "+----+---+\n"
            "only showing top 2 rows\n");
  EXPECT_NE(ShowString(b, 1, 20).find("only showing top 1 row\n"), std::string::npos);
  EXPECT_EQ(ShowString(b, 3, 20).find("only showing"), std::string::npos);
  EXPECT_EQ(ShowString(b, -5, 20),
            "+----+---+\n"
            "|word|  n|\n"
            "+----+---+\n"
            "+----+---+\n"
            "only showing top 0 rows\n");
}

TEST(ShowString, LongCellsAreCutAndNamesAreNot) {
  const std::string long_word(25, 'x');  // 25 characters
  RecordBatch b(Schema{{{"a_name_longer_than_twenty", DataType::kString}}});
  b.AppendRow({long_word});
  EXPECT_EQ(ShowString(b, 20, 20),
            "+-------------------------+\n"
            "|a_name_longer_than_twenty|\n"
            "+-------------------------+\n"
            "|     xxxxxxxxxxxxxxxxx...|\n"
            "+-------------------------+\n");
  // Under 4, no dots; 0 cuts nothing and aligns left.
  EXPECT_NE(ShowString(b, 20, 3).find("|                      xxx|"), std::string::npos);
  EXPECT_NE(ShowString(b, 20, 0).find("|" + long_word + "|"), std::string::npos);
}

TEST(ShowString, LeftAlignedWithoutTruncation) {
  EXPECT_EQ(ShowString(Words({{std::string("a"), int64_t{1}}}), 20, 0),
            "+----+---+\n"
            "|word|n  |\n"
            "+----+---+\n"
            "|a   |1  |\n"
            "+----+---+\n");
}

TEST(ShowString, ControlCharactersAreEscaped) {
  RecordBatch b(Schema{{{"s", DataType::kString}}});
  b.AppendRow({std::string("a\nb\tc")});
  EXPECT_NE(ShowString(b, 20, 20).find("|a\\nb\\tc|"), std::string::npos);
}

TEST(ShowString, NestedValuesBinaryAndNestedNulls) {
  const DataType type = DataType::Struct({{"a", DataType::kInt32}, {"b", DataType::kString}});
  RecordBatch b(Schema{{{"arr", DataType::Array(DataType::kInt32)},
                        {"m", DataType::Map(DataType::kString, DataType::kInt64)},
                        {"st", type},
                        {"bin", DataType::kBinary}}});
  b.AppendRow({ValueList{int64_t{1}, Value()},
               ValueList{Value(ValueList{std::string("k"), int64_t{2}})},
               ValueList{Value(), std::string("x")}, std::string("\x0a\x1b", 2)});
  EXPECT_EQ(ShowString(b, 20, 20),
            "+---------+--------+---------+-------+\n"
            "|      arr|       m|       st|    bin|\n"
            "+---------+--------+---------+-------+\n"
            "|[1, NULL]|{k -> 2}|{NULL, x}|[0A 1B]|\n"
            "+---------+--------+---------+-------+\n");
}

TEST(ShowString, WideCharactersCountTwoColumns) {
  RecordBatch b(Schema{{{"w", DataType::kString}}});
  b.AppendRow({std::string("\xE6\x97\xA5\xE6\x9C\xAC")});  // 日本: 2 characters, 4 columns wide
  b.AppendRow({std::string("ab")});
  EXPECT_EQ(ShowString(b, 20, 20),
            "+----+\n"
            "|   w|\n"
            "+----+\n"
            "|\xE6\x97\xA5\xE6\x9C\xAC|\n"
            "|  ab|\n"
            "+----+\n");
}

TEST(ShowString, CutsCountUtf16UnitsAndKeepCharactersWhole) {
  RecordBatch b(Schema{{{"s", DataType::kString}}});
  std::string s;
  for (int i = 0; i < 9; ++i) s += "\xC3\xA9";  // é: 9 characters, 18 bytes
  b.AppendRow({s});
  std::string five;
  for (int i = 0; i < 5; ++i) five += "\xC3\xA9";
  EXPECT_NE(ShowString(b, 20, 8).find("|" + five + "...|"), std::string::npos);
  // A supplementary character is 2 UTF-16 units: cut to 3 units one is kept, to 1 none (Java
  // would keep half of it, which UTF-8 cannot hold).
  RecordBatch emoji(Schema{{{"s", DataType::kString}}});
  emoji.AppendRow({std::string("\xF0\x9F\x98\x80\xF0\x9F\x98\x80")});  // two of U+1F600
  EXPECT_NE(ShowString(emoji, 20, 3).find("| \xF0\x9F\x98\x80|"), std::string::npos);
  EXPECT_NE(ShowString(emoji, 20, 1).find("|   |"), std::string::npos);
}

}  // namespace
}  // namespace sluice::connectors::files
