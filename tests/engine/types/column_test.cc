#include "engine/types/column.h"

#include <gtest/gtest.h>

namespace sluice::engine {
namespace {

TEST(Column, FixedWidthValuesAreContiguousWithABitmapOfValidity) {
  Column c(DataType::kInt32);
  for (int i = 0; i < 70; ++i) i % 3 == 0 ? c.AppendNull() : c.AppendInt32(i);
  ASSERT_EQ(c.size(), 70u);
  EXPECT_EQ(c.int32s().size(), 70u);
  EXPECT_EQ(c.validity().size(), 2u);
  EXPECT_EQ(c.null_count(), 24u);
  EXPECT_TRUE(c.IsNull(69));
  EXPECT_FALSE(c.IsNull(68));
  EXPECT_EQ(c.Int32(68), 68);
  EXPECT_EQ(c.int32s()[69], 0);  // a null's slot holds zero
}

TEST(Column, StringsAreOffsetsIntoOneByteBuffer) {
  Column c(DataType::kString);
  c.AppendString("ab");
  c.AppendNull();
  c.AppendString("");
  c.AppendString("cde");
  EXPECT_EQ(c.bytes(), "abcde");
  EXPECT_EQ(std::vector<int64_t>(c.offsets().begin(), c.offsets().end()),
            (std::vector<int64_t>{0, 2, 2, 2, 5}));
  EXPECT_EQ(c.String(3), "cde");
  EXPECT_EQ(c.String(2), "");
  EXPECT_TRUE(c.IsNull(1));
}

TEST(Column, NestedValuesAreBuiltChildFirst) {
  const DataType type =
      DataType::Struct({{"id", DataType::kInt64}, {"tags", DataType::Array(DataType::kString)}});
  Column c(type);
  c.child(0).AppendInt(7);
  c.child(1).child(0).AppendString("x");
  c.child(1).child(0).AppendString("y");
  c.child(1).CloseList();
  c.CloseStruct();
  c.AppendNull();
  c.Append(Value{ValueList{Value{int64_t{8}}, Value{}}});
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c.child(0).size(), 3u);  // a null struct row holds a null in every child
  EXPECT_TRUE(c.child(1).IsNull(1));
  EXPECT_EQ(c.child(1).ListEnd(0) - c.child(1).ListBegin(0), 2);
  EXPECT_EQ(ValueToString(c.Get(0), type), "{7, [x, y]}");
  EXPECT_EQ(ValueToString(c.Get(1), type), "null");
  EXPECT_EQ(ValueToString(c.Get(2), type), "{8, null}");
}

TEST(Column, MapsKeepEntryOrder) {
  const DataType type = DataType::Map(DataType::kString, DataType::kInt32);
  Column c(type);
  c.Append(Value{ValueList{Value{ValueList{Value{std::string("b")}, Value{int64_t{2}}}},
                           Value{ValueList{Value{std::string("a")}, Value{}}}}});
  EXPECT_EQ(ValueToString(c.Get(0), type), "{b -> 2, a -> null}");
  Column taken = c.Take({0, 0});
  EXPECT_EQ(taken.size(), 2u);
  EXPECT_EQ(taken.child(0).size(), 4u);
  EXPECT_EQ(ValueToString(taken.Get(1), type), "{b -> 2, a -> null}");
}

TEST(Column, IntegerAppendsWrapToTheColumnsWidth) {
  Column c(DataType::kInt32);
  c.AppendIntegral(int64_t{1} << 32 | 5);
  c.AppendIntegral(int64_t{INT32_MAX} + 1);
  EXPECT_EQ(c.Int32(0), 5);
  EXPECT_EQ(c.Int32(1), INT32_MIN);
}

TEST(Value, CheckValueTypeNamesWhatDoesNotFit) {
  EXPECT_TRUE(CheckValueType(Value{int64_t{5}}, DataType::kInt32).ok());
  EXPECT_FALSE(CheckValueType(Value{int64_t{1} << 40}, DataType::kInt32).ok());
  EXPECT_FALSE(CheckValueType(Value{Decimal128{1000}}, DataType::Decimal(3, 1)).ok());
  const Status s = CheckValueType(Value{ValueList{Value{1.5}}}, DataType::Array(DataType::kString));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("element 0"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("not a string"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace sluice::engine
