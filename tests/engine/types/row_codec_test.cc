#include "engine/types/row_codec.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstring>

#include "engine/types/window_spec.h"
#include "sim/sim_disk.h"
#include "storage/state_cells.h"
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

// The hashes a column at a time equal StableHash of each row's encoded key, over batches of one
// to three random columns, with nulls; and again over only the rows whose cells are all non-null,
// where a struct feeds its children column by column.
// A batch of one to three random columns and up to eleven rows, the same batch without its rows
// that hold a null (where the column-at-a-time paths apply), and a key of up to three columns.
struct KeyedBatches {
  std::vector<RecordBatch> batches;
  std::vector<size_t> key;
};

// With `fixed_width`, the columns are of types whose cells have one width (and a window struct),
// doubles include NaNs and -0.0, and nulls are rarer.
KeyedBatches GenKeyedBatches(bool fixed_width = false) {
  const size_t width = *rc::gen::inRange<size_t>(1, 4);
  const size_t rows = *rc::gen::inRange<size_t>(0, 12);
  Schema schema;
  std::vector<Column> columns;
  for (size_t c = 0; c < width; ++c) {
    const DataType type =
        fixed_width ? *rc::gen::element(DataType(DataType::kBool), DataType(DataType::kInt32),
                                        DataType(DataType::kInt64), DataType(DataType::kFloat),
                                        DataType(DataType::kDouble), DataType(DataType::kDate),
                                        DataType(DataType::kTimestamp), WindowType())
                    : *testing::GenType();
    schema.fields.push_back({"c" + std::to_string(c), type});
    columns.emplace_back(type);
    for (size_t r = 0; r < rows; ++r) {
      if (!fixed_width) {
        columns.back().Append(testing::GenValue(type));
      } else if (*rc::gen::inRange(0, 30) == 0) {
        columns.back().AppendNull();
      } else if (type == DataType::kDouble) {
        columns.back().AppendDouble(
            *rc::gen::oneOf(rc::gen::element(0.0, -0.0, std::nan("1"), -std::nan("2"), 1.5),
                            rc::gen::arbitrary<double>()));
      } else if (type == DataType::kFloat) {
        columns.back().AppendFloat(
            *rc::gen::oneOf(rc::gen::element(0.0f, -0.0f, std::nanf("1"), -std::nanf("2"), 1.5f),
                            rc::gen::arbitrary<float>()));
      } else if (type == WindowType()) {
        // Start and end drawn apart, often from a few values, so that rows share either.
        const auto time = [] {
          return *rc::gen::oneOf(rc::gen::inRange<int64_t>(0, 3), rc::gen::arbitrary<int64_t>());
        };
        const int64_t start = time();
        columns.back().Append(Value{ValueList{Value{start}, Value{time()}}});
      } else {
        columns.back().Append(testing::GenNonNullValue(type));
      }
    }
  }
  const std::vector<size_t> key = *rc::gen::container<std::vector<size_t>>(
      *rc::gen::inRange<size_t>(0, 4), rc::gen::inRange<size_t>(0, width));
  const RecordBatch batch(schema, std::move(columns));
  std::vector<uint32_t> non_null;
  for (size_t r = 0; r < rows; ++r) {
    bool any_null = false;
    for (size_t c = 0; c < width; ++c) any_null = any_null || batch.column(c).IsNull(r);
    if (!any_null) non_null.push_back(static_cast<uint32_t>(r));
  }
  return {{batch, batch.Take(non_null)}, key};
}

RC_GTEST_PROP(RowCodec, KeyHashesAColumnAtATimeEqualTheHashesOfEncodedKeys, ()) {
  const KeyedBatches in = GenKeyedBatches();
  for (const RecordBatch& b : in.batches) {
    const std::vector<uint64_t> hashes = StableKeyHashes(b, in.key);
    RC_ASSERT(hashes.size() == b.num_rows());
    for (size_t r = 0; r < b.num_rows(); ++r) {
      RC_ASSERT(hashes[r] == StableHash(EncodeKey(b, r, in.key)));
    }
  }
}

// Keys encoded a range of rows at a time equal keys encoded one row at a time.
RC_GTEST_PROP(RowCodec, BatchKeysEqualKeysEncodedRowByRow, ()) {
  const KeyedBatches in = GenKeyedBatches(*rc::gen::arbitrary<bool>());
  for (const RecordBatch& b : in.batches) {
    BatchKeys keys(b, in.key);
    const size_t begin = *rc::gen::inRange<size_t>(0, b.num_rows() + 1);
    const size_t end = *rc::gen::inRange<size_t>(begin, b.num_rows() + 1);
    keys.Encode(begin, end);
    for (size_t r = begin; r < end; ++r) RC_ASSERT(keys[r] == EncodeKey(b, r, in.key));
  }
}

// Keys as words: where the key's cells have one width, two rows' words are equal exactly where
// their encoded keys are (rows repeat, so that both cases occur; doubles include -0.0 and NaNs);
// AppendEncoded gives the encoded key; a key of other cells stays encoded.
RC_GTEST_PROP(RowCodec, KeyWordsAreEqualExactlyWhereEncodedKeysAre, ()) {
  const KeyedBatches in = GenKeyedBatches(/*fixed_width=*/true);
  for (const RecordBatch& distinct : in.batches) {
    std::vector<uint32_t> repeats;
    if (distinct.num_rows() > 0) {
      repeats = *rc::gen::container<std::vector<uint32_t>>(
          rc::gen::inRange<uint32_t>(0, static_cast<uint32_t>(distinct.num_rows())));
    }
    const RecordBatch b = distinct.Take(repeats);
    BatchKeys words(b, in.key, KeyForm::kWordsWherePossible);
    BatchKeys encoded(b, in.key);
    words.Encode(0, b.num_rows());
    encoded.Encode(0, b.num_rows());
    const bool all_fixed = encoded.fixed();
    RC_ASSERT(words.words() == all_fixed);  // at most 3 columns of at most 2 leaves each
    if (words.words()) RC_ASSERT(words.width() % 8 == 0);
    for (size_t r = 0; r < b.num_rows(); ++r) {
      std::string appended = "x";
      words.AppendEncoded(r, &appended);
      RC_ASSERT(appended == "x" + EncodeKey(b, r, in.key));
      if (!words.words()) RC_ASSERT(words[r] == encoded[r]);
      for (size_t q = 0; q < b.num_rows(); ++q) {
        RC_ASSERT((words[r] == words[q]) == (encoded[r] == encoded[q]));
      }
    }
  }
}

// A window key given by its start (an aggregation's window, whose end is its start plus one
// duration): one word, its start, after the other columns' words; two such keys' words are equal
// exactly where their encoded keys are; AppendEncoded still gives the whole window.
TEST(RowCodec, AWindowGivenByItsStartIsOneWord) {
  const Schema schema{{{"k", DataType::kInt64}, {"w", WindowType()}}};
  RecordBatch batch(schema);
  constexpr int64_t kHourUs = 3'600'000'000;
  for (int64_t r = 0; r < 12; ++r) {
    const int64_t start = (r % 3) * kHourUs - kHourUs;  // one window before the epoch
    batch.AppendRow({Value{r % 2}, Value{ValueList{Value{start}, Value{start + kHourUs}}}});
  }
  const std::vector<size_t> key = {0, 1};
  BatchKeys words(batch, key, KeyForm::kWordsWherePossible, {false, true});
  BatchKeys encoded(batch, key);
  ASSERT_TRUE(words.words());
  ASSERT_EQ(words.width(), 16u);
  words.Encode(0, batch.num_rows());
  encoded.Encode(0, batch.num_rows());
  for (size_t r = 0; r < batch.num_rows(); ++r) {
    int64_t k = 0, start = 0;
    std::memcpy(&k, words[r].data(), 8);
    std::memcpy(&start, words[r].data() + 8, 8);
    EXPECT_EQ(k, batch.column(0).Int(r));
    EXPECT_EQ(start, batch.column(1).child(0).Int(r));
    std::string appended;
    words.AppendEncoded(r, &appended);
    EXPECT_EQ(appended, EncodeKey(batch, r, key));
    for (size_t q = 0; q < batch.num_rows(); ++q) {
      EXPECT_EQ(words[r] == words[q], encoded[r] == encoded[q]) << r << " " << q;
    }
  }
  // Without the flag the window is two words.
  EXPECT_EQ(BatchKeys(batch, key, KeyForm::kWordsWherePossible).width(), 24u);
}

// FixedFieldOffset is where each field's cell starts in an encoded struct cell, up to the first
// field of no fixed width; FixedEncodedWidth is the whole cell's width.
TEST(RowCodec, FixedFieldOffsetsAreWhereTheFieldsStart) {
  const DataType type = DataType::Struct({{"a", DataType::kInt64},
                                          {"b", DataType::kBool},
                                          {"c", DataType::kTimestamp},
                                          {"s", DataType::kString},
                                          {"d", DataType::kDouble}});
  RecordBatch batch(Schema{{{"x", type}}});
  batch.AppendRow({Value{
      ValueList{Value{int64_t{-7}}, Value{true}, Value{int64_t{42}}, Value{"ab"}, Value{1.5}}}});
  const std::string cell = EncodeKey(batch, 0, {0});
  for (size_t field = 0; field < 4; ++field) {
    const std::optional<size_t> offset = FixedFieldOffset(type, field);
    ASSERT_TRUE(offset.has_value()) << field;
    EXPECT_EQ(static_cast<size_t>(ListItemAt(cell, field).data() - cell.data()), *offset) << field;
  }
  EXPECT_EQ(FixedFieldOffset(type, 4), std::nullopt);  // after the string
  EXPECT_EQ(FixedEncodedWidth(type), std::nullopt);
  const DataType fixed = DataType::Struct({{"a", DataType::kInt64}, {"b", DataType::kBool}});
  RecordBatch fixed_batch(Schema{{{"x", fixed}}});
  fixed_batch.AppendRow({Value{ValueList{Value{int64_t{1}}, Value{false}}}});
  EXPECT_EQ(FixedEncodedWidth(fixed), EncodeKey(fixed_batch, 0, {0}).size());
  EXPECT_EQ(IntOfCell(std::string_view(cell).substr(*FixedFieldOffset(type, 2),
                                                    *FixedEncodedWidth(DataType::kTimestamp))),
            42);
}

// Ranges encoded one after another, forward or backward, each give their own rows' keys.
TEST(RowCodec, BatchKeysOfSuccessiveRanges) {
  const Schema schema{{{"k", DataType::kInt64}, {"s", DataType::kString}}};
  RecordBatch batch(schema);
  const size_t rows = 2 * BatchKeys::kRowsAtOnce + 5;
  for (size_t r = 0; r < rows; ++r) {
    batch.AppendRow({Value{static_cast<int64_t>(r * 7)}, Value{std::to_string(r % 3)}});
  }
  for (const std::vector<size_t>& key : {std::vector<size_t>{0}, std::vector<size_t>{1, 0}}) {
    BatchKeys keys(batch, key);
    std::vector<size_t> begins;
    for (size_t begin = 0; begin < rows; begin += BatchKeys::kRowsAtOnce) begins.push_back(begin);
    const std::vector<size_t> forward = begins;
    std::reverse(begins.begin(), begins.end());
    for (const std::vector<size_t>& order : {forward, begins}) {
      for (const size_t begin : order) {
        const size_t end = std::min(rows, begin + BatchKeys::kRowsAtOnce);
        keys.Encode(begin, end);
        for (size_t r = begin; r < end; ++r) EXPECT_EQ(keys[r], EncodeKey(batch, r, key)) << r;
      }
    }
  }
}

TEST(RowCodec, KeyHashesNormalizeDoublesAsKeysDo) {
  const Schema schema{{{"d", DataType::kDouble}, {"f", DataType::kFloat}}};
  RecordBatch batch(schema);
  for (double d : {0.0, -0.0, std::nan("1"), -std::nan("2"), 1.5}) {
    batch.AppendRow({Value{d}, Value{d}});
  }
  const std::vector<uint64_t> hashes = StableKeyHashes(batch, {0, 1});
  EXPECT_EQ(hashes[0], hashes[1]);
  EXPECT_EQ(hashes[2], hashes[3]);
  EXPECT_NE(hashes[0], hashes[4]);
  for (size_t r = 0; r < batch.num_rows(); ++r) {
    EXPECT_EQ(hashes[r], StableHash(EncodeKey(batch, r, {0, 1}))) << "row " << r;
  }
  // Placement is on disk, so the hash of one key is pinned: FNV-1a of 'd' and 1.5's bits.
  EXPECT_EQ(StableKeyHashes(batch, {0})[4], 0x77cddad25abb94e0u);
}

// The state file stores keys and values in a compact form of their cells (storage/state_cells.h),
// and bytes it cannot read as cells as they are: every kind of cell the codec writes must be one
// it reads, or state files grow back without a test noticing. A cell whose compact form is longer
// (an int near the 64-bit limits) makes the whole field be stored as it is, so the cells are put
// after empty strings, each 7 bytes shorter in compact form, to leave room for that.
RC_GTEST_PROP(RowCodec, EveryCellTheCodecWritesHasTheStateFilesCompactForm, (bool state_value)) {
  const std::vector<Value> values = *rc::gen::container<std::vector<Value>>(
      *rc::gen::inRange<size_t>(1, 5),
      rc::gen::exec([] { return testing::GenValue(*testing::GenType()); }));
  const std::string cells = state_value ? EncodeStateValues(values) : EncodeValues(values);
  std::string padded;
  for (size_t i = 0; i < cells.size(); ++i) EncodeValue(Value(std::string()), &padded);
  padded += cells;
  std::string compact(padded.size() + storage::kCompactSlackBytes, '\0');
  const size_t n = storage::CompactCells(padded, compact.data());
  RC_ASSERT(n != storage::kNoCompactForm);
  compact.resize(n);
  std::string expanded;
  RC_ASSERT(storage::ExpandCells(compact, &expanded));
  RC_ASSERT(expanded == padded);
}

// Each cell read alone is the bytes its value encodes to, and an integer or null cell reads back as
// the value, over keys of one to four random cells.
RC_GTEST_PROP(RowCodec, ACellReadAloneIsTheEncodingOfItsValue, ()) {
  const std::vector<Value> values = *rc::gen::container<std::vector<Value>>(
      *rc::gen::inRange<size_t>(1, 5),
      rc::gen::exec([] { return testing::GenValue(*testing::GenType()); }));
  const std::string bytes = EncodeValues(values);
  for (size_t i = 0; i < values.size(); ++i) {
    std::string alone;
    EncodeValue(values[i], &alone);
    RC_ASSERT(CellAt(bytes, i) == alone);
    RC_ASSERT(IsNullCell(alone) == IsNull(values[i]));
    if (const auto* list = std::get_if<ValueList>(&values[i])) {
      for (size_t j = 0; j < list->size(); ++j) {
        std::string item;
        EncodeValue((*list)[j], &item);
        RC_ASSERT(ListItemAt(alone, j) == item);
      }
    }
    if (IsNull(values[i])) RC_ASSERT(!IntOfCell(alone).has_value());
    if (const auto* n = std::get_if<int64_t>(&values[i])) RC_ASSERT(IntOfCell(alone) == *n);
  }
}

// A cell appended to a column straight from its bytes is the row that appending its decoded value
// gives, over several columns of random types read from one encoded row, and from state values
// whose doubles keep their exact bits (-0.0, NaN payloads).
RC_GTEST_PROP(RowCodec, AnEncodedCellAppendsAsItsDecodedValue, ()) {
  const std::vector<DataType> types = *rc::gen::container<std::vector<DataType>>(
      *rc::gen::inRange<size_t>(1, 4), testing::GenType());
  const size_t rows = *rc::gen::inRange<size_t>(0, 6);
  const bool exact = *rc::gen::arbitrary<bool>();
  std::vector<Column> direct, through_values;
  for (const DataType& t : types) {
    direct.emplace_back(t);
    through_values.emplace_back(t);
  }
  for (size_t r = 0; r < rows; ++r) {
    std::vector<Value> row;
    for (const DataType& t : types) row.push_back(testing::GenValue(t));
    const std::string bytes = exact ? EncodeStateValues(row) : EncodeValues(row);
    size_t pos = 0, decoded_pos = 0;
    for (size_t c = 0; c < types.size(); ++c) {
      AppendEncodedCell(bytes, &pos, direct[c]);
      through_values[c].Append(DecodeCell(bytes, &decoded_pos));
      RC_ASSERT(pos == decoded_pos);
    }
    RC_ASSERT(pos == bytes.size());
  }
  for (size_t c = 0; c < types.size(); ++c) {
    RC_ASSERT(direct[c].size() == rows);
    for (size_t r = 0; r < rows; ++r) {
      RC_ASSERT(direct[c].IsNull(r) == through_values[c].IsNull(r));
      RC_ASSERT(EncodeStateValues(std::vector<Value>{direct[c].Get(r)}) ==
                EncodeStateValues(std::vector<Value>{through_values[c].Get(r)}));
    }
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
