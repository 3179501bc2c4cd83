#include "engine/state/stored_cells.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <limits>

#include "engine/state/aggregate.h"
#include "engine/types/row_codec.h"
#include "storage/state_cells.h"
#include "tests/support/random_values.h"
#include "tests/support/stateful_runs.h"

namespace sluice::engine {
namespace {

// What the stored form is, spelt out: the mark and the cells' compact form where the two are no
// longer than the cells, else the cells as they are.
std::string StoredFormOf(std::string_view cells) {
  std::string compact(cells.size() + storage::kCompactSlackBytes, '\0');
  const size_t n = storage::CompactCells(cells, compact.data());
  if (n == storage::kNoCompactForm || 1 + n > cells.size()) return std::string(cells);
  return kCompactCellsMark + compact.substr(0, n);
}

// Values of any type; or longs and nulls (the path of a count and a sum), among them longs near
// the 64-bit limits, whose compact form is longer than their cells; or doubles whose bits a
// careless copy could change (-0.0, NaN, infinities).
rc::Gen<std::vector<Value>> GenStateValues() {
  const auto any = rc::gen::container<std::vector<Value>>(
      *rc::gen::inRange<size_t>(0, 5),
      rc::gen::exec([] { return ::sluice::testing::GenValue(*::sluice::testing::GenType()); }));
  const auto longs = rc::gen::container<std::vector<Value>>(
      *rc::gen::inRange<size_t>(0, 7),
      rc::gen::oneOf(rc::gen::construct<Value>(rc::gen::arbitrary<int64_t>()),
                     rc::gen::construct<Value>(
                         rc::gen::element(INT64_MIN, INT64_MAX, int64_t{-1}, int64_t{0})),
                     rc::gen::just(Value{})));
  const auto doubles = rc::gen::container<std::vector<Value>>(
      *rc::gen::inRange<size_t>(0, 4),
      rc::gen::construct<Value>(rc::gen::element(
          -0.0, 0.0, std::numeric_limits<double>::quiet_NaN(),
          -std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
          -std::numeric_limits<double>::infinity(), 2.5)));
  return rc::gen::oneOf(any, longs, doubles);
}

// Several values through one scratch string, as an aggregation's groups go: StoreValues writes
// the stored form of the values' cells, never longer than they are, and LoadStoredValues reads
// the values back from either form.
RC_GTEST_PROP(StoredCells, ValuesStoreAsTheirCellsAndLoadBack, ()) {
  std::string room = "left by another value";
  const auto n = *rc::gen::inRange(1, 4);
  for (int i = 0; i < n; ++i) {
    const std::vector<Value> values = *GenStateValues();
    const std::string cells = EncodeStateValues(values);
    std::string stored = "an old value";
    StoreValues(values, &stored, &room);
    RC_ASSERT(stored == StoredFormOf(cells));
    RC_ASSERT(stored.size() <= cells.size());
    for (const std::string& form : {stored, cells}) {
      std::vector<Value> loaded(values.size(), Value{std::string("left by another value")});
      LoadStoredValues(form, loaded);
      RC_ASSERT(EncodeStateValues(loaded) == cells);  // exact double bits, too
    }
  }
}

// Cells whose compact form is no shorter (a double is kept as it is) are stored as they are.
TEST(StoredCells, CellsWithNoShorterFormAreStoredAsTheyAre) {
  const std::vector<Value> values{Value(2.5)};
  std::string stored, room;
  StoreValues(values, &stored, &room);
  EXPECT_EQ(stored, EncodeStateValues(values));
  std::vector<Value> loaded(1);
  LoadStoredValues(stored, loaded);
  EXPECT_EQ(loaded, values);
}

// Stored bytes no writer makes abort the load (the store's files are checksummed, so these are
// broken invariants): a cell cut short, a cell more than the buffer holds, and a compact form
// longer than its cells (INT64_MIN's 10-byte varint, which is stored as its 9-byte cell).
TEST(StoredCellsDeathTest, BytesNoWriterMakesAbortTheLoad) {
  std::vector<Value> one(1);
  const std::string marked(1, kCompactCellsMark);
  EXPECT_DEATH(LoadStoredValues(marked + "i", one), "compact cell");
  EXPECT_DEATH(LoadStoredValues(marked + "i\x02n", one), "has its width");
  EXPECT_DEATH(LoadStoredValues(marked + "i\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", one),
               "no longer than its cells");
  std::vector<Value> loaded(1);
  LoadStoredValues(marked + "i\x02", loaded);  // the form a writer makes of 1
  EXPECT_EQ(loaded[0], Value(int64_t{1}));
}

TEST(StoredCells, ACountAndASumFitAStringsInlineRoom) {
  std::string stored, room;
  StoreValues(std::vector<Value>{Value(int64_t{3}), Value(int64_t{-1200})}, &stored, &room);
  EXPECT_EQ(stored[0], kCompactCellsMark);
  EXPECT_LE(stored.size(), std::string().capacity());
}

// Values written before the compact form (cells as they are) still read, and an aggregation
// merges a batch into them.
TEST(StoredCells, AnAggregationGoesOnFromValuesStoredAsCells) {
  const Schema input{{{"k", DataType::kInt64}, {"v", DataType::kInt64}}};
  const auto bound = MakeAggregate({GroupKey{Col("k"), "k", std::nullopt}},
                                   {AggSpec{AggFn::kCount, std::nullopt, "n"},
                                    AggSpec{AggFn::kSum, Col("v"), "s"}})
                         ->Plan(input);
  ASSERT_TRUE(bound.ok());
  const BoundStateful& agg = *bound.value();
  testing::StatefulRunSide side;
  ASSERT_TRUE(side.store.Load(0).ok());
  side.store.Put(EncodeValues({Value(int64_t{7})}),
                 EncodeStateValues(std::vector<Value>{Value(int64_t{5}), Value(int64_t{100})}));
  ASSERT_TRUE(side.store.Commit().ok());

  RecordBatch rows(input);
  rows.AppendRow({int64_t{7}, int64_t{1}});
  rows.AppendRow({int64_t{8}, int64_t{2}});
  for (const auto& step : agg.pre_shuffle) rows = step->Apply(rows, EvalContext{}).value();
  ASSERT_TRUE(side.store.Load(1).ok());
  StatefulContext ctx;
  ctx.batch_id = 1;
  ctx.mode = OutputMode::kComplete;
  const RecordBatch out = agg.Run(rows, side.store, ctx, &side.progress).value();
  ASSERT_EQ(out.num_rows(), 2u);
  EXPECT_EQ(out.column(0).int64s()[0], 7);
  EXPECT_EQ(out.column(1).int64s()[0], 6);    // 5 + 1
  EXPECT_EQ(out.column(2).int64s()[0], 101);  // 100 + 1
  EXPECT_EQ(out.column(1).int64s()[1], 1);
  EXPECT_EQ(out.column(2).int64s()[1], 2);
  // The merged value is written back in compact form, and the next batch, reloaded from the
  // files, merges into that.
  EXPECT_EQ((*side.store.Get(EncodeValues({Value(int64_t{7})})))[0], kCompactCellsMark);
  ASSERT_TRUE(side.store.Commit().ok());
  storage::StateStore reloaded(&side.disk, spec::kStandardProtocol, nullptr, "state/0/0", {});
  ASSERT_TRUE(reloaded.Load(2).ok());
  ctx.batch_id = 2;
  const RecordBatch again = agg.Run(rows, reloaded, ctx, &side.progress).value();
  ASSERT_EQ(again.num_rows(), 2u);
  EXPECT_EQ(again.column(1).int64s()[0], 7);    // 6 + 1
  EXPECT_EQ(again.column(2).int64s()[0], 102);  // 101 + 1
  EXPECT_EQ(again.column(2).int64s()[1], 4);
}

}  // namespace
}  // namespace sluice::engine
