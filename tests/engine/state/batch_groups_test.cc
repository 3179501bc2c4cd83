#include "engine/state/batch_groups.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstring>
#include <map>
#include <optional>

#include "engine/types/key_word_hash.h"
#include "engine/types/row_codec.h"
#include "engine/types/window_spec.h"

namespace sluice::engine {
namespace {

// Against a model: a map from key to the id it was given, ids in order of first appearance.
RC_GTEST_PROP(BatchGroups, GivesEachKeyOneIdInOrderOfFirstAppearance, ()) {
  const auto width = *rc::gen::inRange<size_t>(0, 4);
  // Few distinct characters, so that keys repeat; lengths cross std::string's inline size.
  const auto keys = *rc::gen::container<std::vector<std::string>>(
      rc::gen::container<std::string>(rc::gen::element('a', 'b', '\0')));
  BatchGroups groups(width);
  std::map<std::string, uint32_t> model;
  for (const std::string& key : keys) {
    const auto [id, fresh] = groups.FindOrAdd(key);
    const auto [it, model_fresh] = model.try_emplace(key, static_cast<uint32_t>(model.size()));
    RC_ASSERT(fresh == model_fresh);
    RC_ASSERT(id == it->second);
    if (fresh) {
      for (size_t i = 0; i < width; ++i) RC_ASSERT(IsNull(groups.Buffer(id)[i]));
      if (width > 0) groups.Buffer(id)[0] = static_cast<int64_t>(id);  // marks it as its own
    }
  }
  RC_ASSERT(groups.size() == model.size());
  for (const auto& [key, id] : model) {
    RC_ASSERT(groups.Key(id) == key);
    if (width > 0) RC_ASSERT(groups.Buffer(id)[0] == Value{static_cast<int64_t>(id)});
  }
}

// A batch whose key columns have fixed-width cells taking few values (so keys repeat), and the key:
// one to nine columns. As words (a word per leaf cell, a window two) a key of more than eight
// leaf cells is taken row by row.
struct FixedKeyBatch {
  RecordBatch batch;
  std::vector<size_t> key;
};

FixedKeyBatch GenFixedKeyBatch() {
  const auto num_columns = *rc::gen::inRange<size_t>(1, 10);
  const auto rows = *rc::gen::weightedOneOf<size_t>(
      {{3, rc::gen::inRange<size_t>(0, 64)},
       {1, rc::gen::inRange<size_t>(BatchKeys::kRowsAtOnce - 2, BatchKeys::kRowsAtOnce + 3)},
       {1, rc::gen::inRange<size_t>(0, 2 * BatchKeys::kRowsAtOnce + 100)}});
  const auto distinct = *rc::gen::inRange<int64_t>(1, 5);  // values per column
  Schema schema;
  std::vector<Column> columns;
  for (size_t c = 0; c < num_columns; ++c) {
    const DataType type = *rc::gen::element(DataType(DataType::kBool), DataType(DataType::kInt32),
                                            DataType(DataType::kInt64), DataType(DataType::kDouble),
                                            DataType(DataType::kTimestamp), WindowType());
    schema.fields.push_back({"c" + std::to_string(c), type});
    Column& column = columns.emplace_back(type);
    const std::vector<double> doubles = {0.0, -0.0, std::nan("1"), -std::nan("2"), 1.5};
    for (size_t r = 0; r < rows; ++r) {
      const int64_t v = *rc::gen::inRange<int64_t>(0, distinct);
      if (type == DataType::kDouble) {
        column.AppendDouble(doubles[static_cast<size_t>(v)]);
      } else if (type == WindowType()) {
        column.Append(Value{ValueList{Value{v * 10}, Value{v * 10 + 10}}});
      } else if (type == DataType::kBool) {
        column.AppendBool(v % 2 == 1);
      } else if (type == DataType::kInt32) {
        column.AppendInt32(static_cast<int32_t>(v - 2));
      } else {
        column.AppendInt(v << 40);
      }
    }
  }
  std::vector<size_t> key(num_columns);
  for (size_t c = 0; c < num_columns; ++c) key[c] = c;
  return {RecordBatch(schema, std::move(columns)), key};
}

// A batch of one to three long key columns whose values lie in narrow intervals that move from
// segment to segment (as a window's start does), with now and then a value far outside, so that
// the direct index in front of the table of words is built, used, outgrown and built again, and
// sometimes is too wide to build.
FixedKeyBatch GenNarrowKeyBatch() {
  const auto num_columns = *rc::gen::inRange<size_t>(1, 4);
  const auto segments = *rc::gen::inRange<size_t>(1, 5);
  Schema schema;
  std::vector<Column> columns;
  for (size_t c = 0; c < num_columns; ++c) {
    schema.fields.push_back({"c" + std::to_string(c), DataType::kInt64});
    columns.emplace_back(DataType::kInt64);
  }
  for (size_t segment = 0; segment < segments; ++segment) {
    const auto rows = *rc::gen::weightedOneOf<size_t>(
        {{2, rc::gen::inRange<size_t>(0, 64)},
         {1, rc::gen::inRange<size_t>(BatchKeys::kRowsAtOnce - 2, BatchKeys::kRowsAtOnce + 3)},
         {1, rc::gen::inRange<size_t>(0, 2 * BatchKeys::kRowsAtOnce + 100)}});
    std::vector<int64_t> base(num_columns);
    std::vector<int64_t> spread(num_columns);
    for (size_t c = 0; c < num_columns; ++c) {
      const int64_t start =
          *rc::gen::element<int64_t>(0, -5, int64_t{1} << 40, INT64_MIN, INT64_MAX - 800);
      const int64_t shift = *rc::gen::inRange<int64_t>(0, 3) * 1000;
      base[c] = start > INT64_MAX - 800 - shift ? INT64_MAX - 800 : start + shift;
      spread[c] = *rc::gen::element<int64_t>(1, 3, 40, 700);
    }
    for (size_t r = 0; r < rows; ++r) {
      const bool outlier = *rc::gen::inRange(0, 50) == 0;
      for (size_t c = 0; c < num_columns; ++c) {
        columns[c].AppendInt(outlier ? *rc::gen::element<int64_t>(INT64_MIN, INT64_MAX, 1'000'000)
                                     : base[c] + *rc::gen::inRange<int64_t>(0, spread[c]));
      }
    }
  }
  std::vector<size_t> key(num_columns);
  for (size_t c = 0; c < num_columns; ++c) key[c] = c;
  return {RecordBatch(schema, std::move(columns)), key};
}

// FindOrAddRange over ranges cut at random equals a model of FindOrAdd row by row: each key one
// id in order of first appearance, each new group reported at its first row, each key kept.
// Keys as words (KeyForm) compare their words, and each group keeps its encoded key all the same.
template <class Hasher>
void CheckOneBatchAgainstTheModel(const FixedKeyBatch& in, KeyForm form,
                                  BasicBatchGroups<Hasher>& groups) {
  const size_t rows = in.batch.num_rows();
  BatchKeys keys(in.batch, in.key, form);
  std::map<std::string, uint32_t> model;
  std::vector<uint32_t> model_first_rows;
  for (size_t begin = 0; begin < rows;) {
    const size_t end = *rc::gen::weightedOneOf<size_t>(
        {{1, rc::gen::inRange<size_t>(begin + 1, rows + 1)},
         {1, rc::gen::just(std::min(rows, begin + BatchKeys::kRowsAtOnce))}});
    keys.Encode(begin, end);
    std::vector<uint32_t> group_of_row(end - begin);
    std::vector<uint32_t> first_rows;
    const size_t before = groups.size();
    groups.FindOrAddRange(keys, group_of_row.data(), &first_rows);
    for (size_t r = begin; r < end; ++r) {
      const std::string key = EncodeKey(in.batch, r, in.key);
      const auto [it, fresh] = model.try_emplace(key, static_cast<uint32_t>(model.size()));
      if (fresh) model_first_rows.push_back(static_cast<uint32_t>(r));
      RC_ASSERT(group_of_row[r - begin] == it->second);
    }
    RC_ASSERT(groups.size() == model.size());
    RC_ASSERT(first_rows ==
              std::vector<uint32_t>(model_first_rows.begin() + before, model_first_rows.end()));
    begin = end;
  }
  for (const auto& [key, id] : model) {
    RC_ASSERT(groups.Key(id) == key);
    // A table of words takes only words.
    if (!keys.words()) RC_ASSERT(groups.FindOrAdd(key) == std::make_pair(id, false));
  }
}

// Checks `rounds` batches of `gen` through one table, cleared between them.
template <class Hasher>
void CheckRangesAgainstTheModel(KeyForm form, FixedKeyBatch (*gen)() = GenFixedKeyBatch,
                                int rounds = 1) {
  BasicBatchGroups<Hasher> groups(1);
  for (int round = 0; round < rounds; ++round) {
    if (round > 0) groups.Clear();
    CheckOneBatchAgainstTheModel(gen(), form, groups);
  }
}

RC_GTEST_PROP(BatchGroups, FindOrAddRangeEqualsFindOrAddRowByRow, ()) {
  CheckRangesAgainstTheModel<KeyWordHash>(KeyForm::kEncoded);
}

RC_GTEST_PROP(BatchGroups, FindOrAddRangeOfKeyWordsEqualsFindOrAddRowByRow, ()) {
  CheckRangesAgainstTheModel<KeyWordHash>(KeyForm::kWordsWherePossible);
}

// Two hash values only: every probe starts at the last slot of the first table (so it wraps
// around) and half of all keys share a salt, so the table must tell them apart by their bytes;
// chains are long and the table grows in the middle of a range.
struct TwoValuedHash {
  static uint64_t Of(uint64_t h) {
    return (h & 1) != 0 ? 0xABCD'0000'0000'03FFull : 0x0000'0000'0000'03FFull;
  }
  static uint64_t Hash(const char* p, size_t n) { return Of(KeyWordHash::Hash(p, n)); }
  template <size_t kWords>
  static uint64_t Fixed(const char* p, size_t n) {
    return Of(KeyWordHash::Fixed<kWords>(p, n));
  }
};

RC_GTEST_PROP(BatchGroups, FindOrAddRangeTellsCollidingKeysApart, ()) {
  CheckRangesAgainstTheModel<TwoValuedHash>(
      *rc::gen::element(KeyForm::kEncoded, KeyForm::kWordsWherePossible));
}

// Keys whose words lie in narrow intervals are mostly answered by the direct index: the same ids,
// first rows and keys as the model, across moving intervals, outliers, ranges of one row or many,
// colliding hashes, and batches that reuse the table after Clear.
RC_GTEST_PROP(BatchGroups, TheDirectIndexGivesTheIdsOfTheTableOfWords, ()) {
  if (*rc::gen::arbitrary<bool>()) {
    CheckRangesAgainstTheModel<KeyWordHash>(KeyForm::kWordsWherePossible, GenNarrowKeyBatch, 2);
  } else {
    CheckRangesAgainstTheModel<TwoValuedHash>(KeyForm::kWordsWherePossible, GenNarrowKeyBatch, 2);
  }
}

// Keys of many groups grow the table several times, with the two-valued hash's long chains.
TEST(BatchGroups, KeepsEveryGroupAcrossGrowthWithCollidingHashes) {
  BasicBatchGroups<TwoValuedHash> groups(0);
  for (uint32_t i = 0; i < 3000; ++i) {
    const std::string key = "key" + std::to_string(i);
    ASSERT_EQ(groups.FindOrAdd(key), std::make_pair(i, true));
  }
  for (uint32_t i = 0; i < 3000; ++i) {
    ASSERT_EQ(groups.FindOrAdd("key" + std::to_string(i)), std::make_pair(i, false));
  }
}

// A table is kept a quarter full while it fits the cache and half full beyond: groups that pass
// from one rule to the other (more than 2^16 slots) keep their ids; so do they in a table that
// was cleared while large (kept), and in one that a batch of few groups let go (starting over).
TEST(BatchGroups, KeepsEveryGroupAcrossTheChangeOfLoadRule) {
  BatchGroups groups(1);
  for (const uint32_t n : {40000u, 40000u, 100u, 40000u}) {
    for (uint32_t i = 0; i < n; ++i) {
      ASSERT_EQ(groups.FindOrAdd("key" + std::to_string(i)), std::make_pair(i, true));
    }
    for (uint32_t i = 0; i < n; ++i) {
      ASSERT_EQ(groups.FindOrAdd("key" + std::to_string(i)), std::make_pair(i, false));
    }
    groups.Clear();
  }
}

// The same for a table of words: batches of keys as words, of many groups (more than 2^16 slots)
// and of few, each cleared after, in ranges: each batch gives ids in order of first appearance,
// and the same ids again when its rows come a second time.
TEST(BatchGroups, KeepsEveryGroupOfWordsAcrossGrowthAndClear) {
  BatchGroups groups(1);
  for (const int64_t n : {40000, 40000, 100, 70000}) {
    RecordBatch batch(Schema{{{"k", DataType::kInt64}, {"w", WindowType()}}});
    for (int64_t round = 0; round < 2; ++round) {
      for (int64_t i = 0; i < n; ++i) {
        batch.AppendRow({Value{i * 7}, Value{ValueList{Value{i % 3}, Value{i % 3 + 10}}}});
      }
    }
    const std::vector<size_t> key = {0, 1};
    BatchKeys keys(batch, key, KeyForm::kWordsWherePossible);
    ASSERT_TRUE(keys.words());
    std::vector<uint32_t> group_of_row(batch.num_rows());
    std::vector<uint32_t> first_rows;
    for (size_t begin = 0; begin < batch.num_rows(); begin += BatchKeys::kRowsAtOnce) {
      const size_t end = std::min(batch.num_rows(), begin + BatchKeys::kRowsAtOnce);
      keys.Encode(begin, end);
      groups.FindOrAddRange(keys, group_of_row.data() + begin, &first_rows);
    }
    ASSERT_EQ(groups.size(), static_cast<size_t>(n));
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      ASSERT_EQ(group_of_row[r], r % static_cast<size_t>(n)) << r;
      if (r < static_cast<size_t>(n)) {
        ASSERT_EQ(first_rows[r], r);
      }
    }
    ASSERT_EQ(groups.Key(static_cast<uint32_t>(n - 1)), EncodeKey(batch, n - 1, key));
    groups.Clear();
  }
}

// A table that took words, turned to encoded keys (a later piece of the batch has a null key),
// finds every group it had by its encoded key, and adds new ones after them, whether the turn
// comes with few groups or with enough to grow the table.
TEST(BatchGroups, KeepsEveryGroupWhenWordsTurnToEncodedKeys) {
  for (const int64_t n : {3, 5000}) {
    BatchGroups groups(1);
    RecordBatch words(Schema{{{"k", DataType::kInt64}}});
    for (int64_t i = 0; i < n; ++i) words.AppendRow({Value{i * 7}});
    const std::vector<size_t> key = {0};
    BatchKeys word_keys(words, key, KeyForm::kWordsWherePossible);
    ASSERT_TRUE(word_keys.words());
    std::vector<uint32_t> group_of_row(words.num_rows());
    std::vector<uint32_t> first_rows;
    for (size_t begin = 0; begin < words.num_rows(); begin += BatchKeys::kRowsAtOnce) {
      word_keys.Encode(begin, std::min(words.num_rows(), begin + BatchKeys::kRowsAtOnce));
      groups.FindOrAddRange(word_keys, group_of_row.data() + begin, &first_rows);
    }
    ASSERT_TRUE(groups.TakesWords());
    groups.ToEncodedKeys();
    EXPECT_FALSE(groups.TakesWords());
    // The next piece: a null key, then every key again in reverse, then n new ones.
    RecordBatch encoded(Schema{{{"k", DataType::kInt64}}});
    encoded.AppendRow({Value{}});
    for (int64_t i = n - 1; i >= 0; --i) encoded.AppendRow({Value{i * 7}});
    for (int64_t i = 0; i < n; ++i) encoded.AppendRow({Value{i * 7 + 1}});
    BatchKeys encoded_keys(encoded, key, KeyForm::kWordsWherePossible);
    ASSERT_FALSE(encoded_keys.words());
    group_of_row.assign(encoded.num_rows(), 0);
    for (size_t begin = 0; begin < encoded.num_rows(); begin += BatchKeys::kRowsAtOnce) {
      encoded_keys.Encode(begin, std::min(encoded.num_rows(), begin + BatchKeys::kRowsAtOnce));
      groups.FindOrAddRange(encoded_keys, group_of_row.data() + begin, &first_rows);
    }
    ASSERT_EQ(groups.size(), static_cast<size_t>(2 * n + 1));
    EXPECT_EQ(group_of_row[0], static_cast<uint32_t>(n));  // the null key: the first new group
    for (int64_t i = 0; i < n; ++i) {
      ASSERT_EQ(group_of_row[static_cast<size_t>(n - i)], static_cast<uint32_t>(i)) << i;
      ASSERT_EQ(group_of_row[static_cast<size_t>(n + 1 + i)], static_cast<uint32_t>(n + 1 + i));
    }
  }
}

// The hash of a key read in a fixed number of words equals its hash read by its length.
RC_GTEST_PROP(KeyWordHash, FixedWordsEqualTheHashByLength, ()) {
  const auto n = *rc::gen::inRange<size_t>(8, 65);
  const auto a = *rc::gen::container<std::string>(n, rc::gen::element('a', 'b'));
  uint64_t fixed = 0;
  switch ((n + 7) / 8) {
#define SLUICE_WORDS_CASE(k)                    \
  case k:                                       \
    fixed = KeyWordHash::Fixed<k>(a.data(), n); \
    break;
    SLUICE_WORDS_CASE(1)
    SLUICE_WORDS_CASE(2)
    SLUICE_WORDS_CASE(3)
    SLUICE_WORDS_CASE(4)
    SLUICE_WORDS_CASE(5)
    SLUICE_WORDS_CASE(6)
    SLUICE_WORDS_CASE(7)
    SLUICE_WORDS_CASE(8)
#undef SLUICE_WORDS_CASE
  }
  RC_ASSERT(fixed == KeyWordHash::Hash(a.data(), n));
}

// EqualBytes is memcmp's equality, at every length either side of its word and call cut-overs,
// with one byte changed at every place (or none).
TEST(KeyWordHash, EqualBytesIsByteEquality) {
  for (size_t n = 0; n <= 80; ++n) {
    std::string a(n, 'a');
    for (size_t i = 0; i < n; ++i) a[i] = static_cast<char>('a' + i % 7);
    ASSERT_TRUE(EqualBytes(a.data(), std::string(a).data(), n)) << n;
    for (size_t at = 0; at < n; ++at) {
      std::string b = a;
      b[at] = static_cast<char>(b[at] ^ 0x80);
      ASSERT_FALSE(EqualBytes(a.data(), b.data(), n)) << n << " " << at;
    }
  }
}

}  // namespace
}  // namespace sluice::engine
