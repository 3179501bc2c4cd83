#include "engine/state/stored_cells.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "engine/state/aggregate.h"
#include "engine/types/row_codec.h"
#include "tests/support/random_values.h"
#include "tests/support/stateful_runs.h"

namespace sluice::engine {
namespace {

// Several values through one pair of scratch strings, as an aggregation's groups go.
RC_GTEST_PROP(StoredCells, CellsReadBackByteForByteAndNeverLonger, ()) {
  std::string room = "left by another value", expanded = "left by another value";
  const auto n = *rc::gen::inRange(1, 4);
  for (int i = 0; i < n; ++i) {
    const std::vector<Value> values = *rc::gen::container<std::vector<Value>>(
        *rc::gen::inRange<size_t>(0, 5),
        rc::gen::exec([] { return ::sluice::testing::GenValue(*::sluice::testing::GenType()); }));
    const std::string cells = EncodeStateValues(values);
    std::string stored = "an old value";
    StoreCells(cells, &stored, &room);
    RC_ASSERT(stored.size() <= cells.size());
    RC_ASSERT(std::string(StoredCells(stored, &expanded)) == cells);
  }
}

// Cells with no shorter compact form (a double is kept as it is) are stored as they are.
TEST(StoredCells, CellsWithNoShorterFormAreStoredAsTheyAre) {
  const std::string cells = EncodeStateValues(std::vector<Value>{Value(2.5)});
  std::string stored, room, expanded;
  StoreCells(cells, &stored, &room);
  EXPECT_EQ(stored, cells);
  EXPECT_EQ(StoredCells(stored, &expanded), cells);
}

TEST(StoredCells, ACountAndASumFitAStringsInlineRoom) {
  std::string stored, room;
  StoreCells(EncodeStateValues(std::vector<Value>{Value(int64_t{3}), Value(int64_t{-1200})}),
             &stored, &room);
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
