#include "engine/types/row_codec.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>

#include "sim/sim_disk.h"
#include "storage/state_store.h"
#include "tests/support/random_values.h"

namespace sluice::engine {
namespace {

// NaN never equals itself and -0.0 is encoded as 0.0: compare values through their bytes.
void ExpectSameBytes(const Value& a, const Value& b) {
  std::string x, y;
  EncodeValue(a, &x);
  EncodeValue(b, &y);
  RC_ASSERT(x == y);
}

RC_GTEST_PROP(RowCodec, EveryTypeRoundTripsThroughAColumnAndTheCodec, ()) {
  const DataType type = *testing::GenType();
  const size_t rows = *rc::gen::inRange<size_t>(0, 8);
  std::vector<Value> values;
  Column column(type);
  for (size_t i = 0; i < rows; ++i) {
    values.push_back(testing::GenValue(type));
    RC_ASSERT(CheckValueType(values.back(), type).ok());
    column.Append(values.back());
  }
  RC_ASSERT(column.size() == rows);
  for (size_t i = 0; i < rows; ++i) {
    RC_ASSERT(column.IsNull(i) == IsNull(values[i]));
    // A cell encodes to the same bytes as its value: keys built either way match.
    std::string from_cell, from_value;
    EncodeCell(column, i, &from_cell);
    EncodeValue(column.Get(i), &from_value);
    RC_ASSERT(from_cell == from_value);
    ExpectSameBytes(column.Get(i), values[i]);
    const std::vector<Value> decoded = DecodeValues(from_cell);
    RC_ASSERT(decoded.size() == 1u);
    ExpectSameBytes(decoded[0], values[i]);
    // A decoded value appends back into a column of its type.
    Column again(type);
    again.Append(decoded[0]);
    std::string re_encoded;
    EncodeCell(again, 0, &re_encoded);
    RC_ASSERT(re_encoded == from_cell);
  }
  // Take, Slice and AppendAll keep every row.
  Column copy(type);
  copy.AppendAll(column);
  Column sliced = column.Slice(0, rows);
  for (size_t i = 0; i < rows; ++i) {
    std::string a, b, c;
    EncodeCell(column, i, &a);
    EncodeCell(copy, i, &b);
    EncodeCell(sliced, i, &c);
    RC_ASSERT(a == b);
    RC_ASSERT(a == c);
  }
}

RC_GTEST_PROP(RowCodec, EveryTypeRoundTripsThroughTheStateStore, ()) {
  const DataType key_type = *testing::GenType(1);
  const DataType value_type = *testing::GenType();
  const size_t n = *rc::gen::inRange<size_t>(1, 6);
  std::map<std::string, std::string> written;
  sim::SimDisk disk;
  storage::StateStore store(&disk, spec::kStandardProtocol, nullptr, "state/0/0",
                            storage::StateStoreOptions{2});
  RC_ASSERT(store.Load(0).ok());
  for (size_t i = 0; i < n; ++i) {
    const std::string key = EncodeValues({testing::GenValue(key_type)});
    const std::string value = EncodeValues({testing::GenValue(value_type)});
    store.Put(key, value);
    written[key] = value;
  }
  RC_ASSERT(store.Commit().ok());
  storage::StateStore reader(&disk, spec::kStandardProtocol, nullptr, "state/0/0",
                             storage::StateStoreOptions{2});
  RC_ASSERT(reader.Load(1).ok());
  RC_ASSERT(reader.NumKeys() == written.size());
  for (const auto& [key, value] : written) {
    const std::string* got = reader.Get(key);
    RC_ASSERT(got != nullptr);
    RC_ASSERT(*got == value);
    // The bytes decode to one value of each type, which fits its type.
    RC_ASSERT(CheckValueType(DecodeValues(key)[0], key_type).ok());
    RC_ASSERT(CheckValueType(DecodeValues(*got)[0], value_type).ok());
  }
}

TEST(RowCodec, DoublesGroupAsSparkGroupsThem) {
  EXPECT_EQ(EncodeValues({Value{0.0}}), EncodeValues({Value{-0.0}}));
  EXPECT_EQ(EncodeValues({Value{std::nan("1")}}), EncodeValues({Value{-std::nan("2")}}));
  EXPECT_NE(EncodeValues({Value{1.0}}), EncodeValues({Value{int64_t{1}}}));
}

TEST(RowCodec, KeysOfNestedValuesDifferWhenAnyElementDiffers) {
  const DataType type = DataType::Array(DataType::kString);
  Column c(type);
  c.Append(Value{ValueList{Value{std::string("a")}, Value{}}});
  c.Append(Value{ValueList{Value{std::string("a")}}});
  c.Append(Value{ValueList{Value{std::string("a")}, Value{}}});
  std::string k0, k1, k2;
  EncodeCell(c, 0, &k0);
  EncodeCell(c, 1, &k1);
  EncodeCell(c, 2, &k2);
  EXPECT_NE(k0, k1);
  EXPECT_EQ(k0, k2);
}

}  // namespace
}  // namespace sluice::engine
