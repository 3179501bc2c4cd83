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
  Column taken = c.Take(std::vector<uint32_t>{0, 0});
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

// Whether two columns hold the same rows in the same buffers: the values, the validity bitmap
// (no stray bits past the end), null counts, offsets and bytes, and the children, recursively.
void ExpectSameColumn(const Column& a, const Column& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.null_count(), b.null_count());
  EXPECT_EQ(std::vector<uint64_t>(a.validity().begin(), a.validity().end()),
            std::vector<uint64_t>(b.validity().begin(), b.validity().end()));
  EXPECT_EQ(std::vector<int32_t>(a.int32s().begin(), a.int32s().end()),
            std::vector<int32_t>(b.int32s().begin(), b.int32s().end()));
  EXPECT_EQ(std::vector<int64_t>(a.int64s().begin(), a.int64s().end()),
            std::vector<int64_t>(b.int64s().begin(), b.int64s().end()));
  EXPECT_EQ(std::vector<int64_t>(a.offsets().begin(), a.offsets().end()),
            std::vector<int64_t>(b.offsets().begin(), b.offsets().end()));
  EXPECT_EQ(a.bytes(), b.bytes());
  ASSERT_EQ(a.num_children(), b.num_children());
  for (size_t c = 0; c < a.num_children(); ++c) ExpectSameColumn(a.child(c), b.child(c));
}

// Rows of a nested type with nulls at every level, strings, and lists of several lengths.
Value NestedRow(int i) {
  if (i % 7 == 3) return Value{};
  ValueList tags;
  for (int k = 0; k < i % 4; ++k) {
    tags.push_back(k == 1 ? Value{} : Value{std::string(static_cast<size_t>(i % 5), 'a' + k)});
  }
  ValueList entries;
  for (int k = 0; k < i % 3; ++k) {
    entries.push_back(Value{ValueList{Value{std::to_string(k)}, Value{int64_t{i * k}}}});
  }
  return Value{ValueList{i % 5 == 0 ? Value{} : Value{int64_t{i}}, Value{std::move(tags)},
                         i % 6 == 0 ? Value{} : Value{std::move(entries)}}};
}

const DataType kNestedType =
    DataType::Struct({{"id", DataType::kInt32},
                      {"tags", DataType::Array(DataType::kString)},
                      {"m", DataType::Map(DataType::kString, DataType::kInt64)}});

// A column cut back to k rows equals one built with its first k rows only, and appending the
// rest again rebuilds the whole column; for every k over two validity words.
TEST(Column, TruncateEqualsBuildingFewerRows) {
  constexpr int kRows = 140;
  Column full(kNestedType);
  for (int i = 0; i < kRows; ++i) full.Append(NestedRow(i));
  for (int k = 0; k <= kRows; k += (k < 70 ? 1 : 9)) {
    Column cut = full.Slice(0, kRows);
    cut.Truncate(static_cast<size_t>(k));
    Column fewer(kNestedType);
    for (int i = 0; i < k; ++i) fewer.Append(NestedRow(i));
    ExpectSameColumn(cut, fewer);
    for (int i = k; i < kRows; ++i) cut.Append(NestedRow(i));
    ExpectSameColumn(cut, full);
  }
}

// A row half built (children appended, the row not closed) is dropped by a truncate to the
// column's own size.
TEST(Column, TruncateDropsARowNotYetClosed) {
  Column full(kNestedType);
  for (int i = 0; i < 5; ++i) full.Append(NestedRow(i));
  Column c = full.Slice(0, 5);
  c.child(0).AppendInt32(9);
  c.child(1).child(0).AppendString("half");
  c.child(2).child(0).AppendString("k");
  c.Truncate(5);
  ExpectSameColumn(c, full);
  c.Append(NestedRow(5));
  EXPECT_EQ(ValueToString(c.Get(5), kNestedType), ValueToString(NestedRow(5), kNestedType));
}

TEST(Column, TruncateFixedWidthClearsTheValidityBitsCut) {
  Column c(DataType::kInt64);
  for (int i = 0; i < 66; ++i) c.AppendInt(i);
  c.AppendNull();
  c.Truncate(64);
  EXPECT_EQ(c.size(), 64u);
  EXPECT_EQ(c.null_count(), 0u);
  EXPECT_EQ(c.validity().size(), 1u);
  EXPECT_EQ(c.int64s().size(), 64u);
  c.AppendNull();  // the bit of row 64 was cleared: the row reads as null
  EXPECT_TRUE(c.IsNull(64));
  EXPECT_EQ(c.null_count(), 1u);
  c.Truncate(0);
  EXPECT_EQ(c.size(), 0u);
  EXPECT_EQ(c.null_count(), 0u);
  EXPECT_TRUE(c.validity().empty());
}

TEST(Column, TruncateStringsCutsTheirBytes) {
  Column c(DataType::kString);
  c.AppendString("ab");
  c.AppendNull();
  c.AppendString("cde");
  c.Truncate(2);
  EXPECT_EQ(c.bytes(), "ab");
  EXPECT_EQ(c.offsets().size(), 3u);
  c.AppendString("x");
  EXPECT_EQ(c.String(2), "x");
  EXPECT_EQ(c.null_count(), 1u);
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
