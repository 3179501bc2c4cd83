// Partial aggregation before the shuffle (BoundStateful::Partial) never changes a result: an
// aggregation run over the partial rows of its input partitions gives, batch after batch, the
// output, the state files and the metrics that it gives over the rows themselves, in every
// output mode, with late groups, null keys and arguments, NaN and -0.0, sums of ints past an
// int's range, and with the probe giving up (a row per row) in some partitions and not in others,
// some partitions given in pieces (StartPartial).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <limits>

#include "engine/state/aggregate.h"
#include "tests/support/aggregate_rows.h"
#include "tests/support/stateful_runs.h"

namespace sluice::engine {
namespace {

using testing::Bind;
using testing::DrawRows;
using testing::InputSchema;
using testing::PreShuffle;

RC_GTEST_PROP(PartialAggregation, GivesWhatTheRowsGive, ()) {
  const bool windowed = *rc::gen::arbitrary<bool>();
  std::vector<GroupKey> keys{GroupKey{Col("k"), "k", std::nullopt}};
  if (windowed) keys.push_back(GroupKey{Col("t"), "w", WindowSpec{Seconds(10)}});
  const auto agg =
      Bind(keys, {AggSpec{AggFn::kCount, std::nullopt, "n"}, AggSpec{AggFn::kCount, Col("x"), "nx"},
                  AggSpec{AggFn::kSum, Col("x"), "sx"}, AggSpec{AggFn::kMin, Col("d"), "lo"},
                  AggSpec{AggFn::kMax, Col("s"), "hi"}, AggSpec{AggFn::kMin, Col("x"), "mx"},
                  AggSpec{AggFn::kSum, Col("i"), "si"}});
  RC_ASSERT(agg->HasPartial());
  const auto mode =
      *rc::gen::element(OutputMode::kAppend, OutputMode::kUpdate, OutputMode::kComplete);
  RC_PRE(windowed || mode == OutputMode::kComplete || mode == OutputMode::kUpdate);
  PartialLimits limits;
  limits.probe_rows = *rc::gen::element<size_t>(1, 5, 1 << 16);
  limits.max_groups_per_row = *rc::gen::element(0.0, 0.5, 1.0);

  testing::StatefulRunSide raw, partial;
  int64_t watermark_ms = 0;
  const auto batches = *rc::gen::inRange(1, 4);
  for (int64_t b = 0; b < batches; ++b) {
    const RecordBatch rows =
        PreShuffle(*agg, DrawRows(*rc::gen::inRange<size_t>(0, 200), *rc::gen::inRange(1, 30)));
    // The batch cut into 1-4 input partitions, some of them empty.
    std::vector<RecordBatch> parts, partials;
    size_t begin = 0;
    const auto cuts = *rc::gen::inRange(0, 4);
    for (int i = 0; i <= cuts; ++i) {
      const size_t end =
          i == cuts ? rows.num_rows() : *rc::gen::inRange<size_t>(begin, rows.num_rows() + 1);
      parts.push_back(rows.Slice(begin, end));
      if (*rc::gen::arbitrary<bool>()) {
        partials.push_back(agg->Partial(parts.back(), limits));
        begin = end;
        continue;
      }
      // The partition in pieces of 1-9 rows (StartPartial).
      const std::unique_ptr<PiecewiseRun> run = agg->StartPartial(limits);
      for (size_t at = 0; at < parts.back().num_rows();) {
        const size_t to = std::min(parts.back().num_rows(), at + *rc::gen::inRange<size_t>(1, 10));
        RC_ASSERT(run->Add(parts.back().Slice(at, to)).ok());
        at = to;
      }
      partials.push_back(run->Finish().value());
      begin = end;
    }
    StatefulContext ctx = testing::DrawBatchContext(b, mode, &watermark_ms);
    raw.Begin(b);
    partial.Begin(b);
    raw.out = agg->Run(Concat(rows.schema(), parts), raw.store, ctx, &raw.progress);
    ctx.partial_input = true;
    partial.out =
        agg->Run(Concat(agg->partial_schema, partials), partial.store, ctx, &partial.progress);
    testing::AssertSameBatch(b, raw, partial);
  }
}

// A partial result holds a row per group, in order of first appearance; when the probe gives up,
// a row per row.
TEST(PartialAggregation, GivesARowPerGroupUnlessTheRowsHardlyGroup) {
  const auto agg =
      Bind({GroupKey{Col("k"), "k", std::nullopt}},
           {AggSpec{AggFn::kCount, std::nullopt, "n"}, AggSpec{AggFn::kSum, Col("x"), "s"}});
  std::vector<Column> c{Column(DataType::kInt64),  Column(DataType::kTimestamp),
                        Column(DataType::kInt64),  Column(DataType::kDouble),
                        Column(DataType::kString), Column(DataType::kInt32)};
  for (const int64_t k : {7, 3, 7, 7, 3, 9}) {
    c[0].AppendInt(k);
    c[1].AppendInt(0);
    c[2].AppendInt(k * 10);
    c[3].AppendDouble(0);
    c[4].AppendString("");
    c[5].AppendInt32(0);
  }
  const RecordBatch rows = PreShuffle(*agg, RecordBatch(InputSchema(), std::move(c)));
  const RecordBatch grouped = agg->Partial(rows, PartialLimits{});
  ASSERT_EQ(grouped.num_rows(), 3u);
  EXPECT_EQ(grouped.column(0).int64s()[0], 7);
  EXPECT_EQ(grouped.column(0).int64s()[1], 3);
  EXPECT_EQ(grouped.column(0).int64s()[2], 9);
  EXPECT_EQ(grouped.column(1).int64s()[0], 3);    // count
  EXPECT_EQ(grouped.column(2).int64s()[0], 210);  // sum
  EXPECT_EQ(grouped.column(1).int64s()[1], 2);
  EXPECT_EQ(grouped.column(2).int64s()[2], 90);
  // 3 groups in 6 rows: more than 0.4 a row.
  const RecordBatch each = agg->Partial(rows, PartialLimits{.max_groups_per_row = 0.4});
  ASSERT_EQ(each.num_rows(), 6u);
  for (size_t r = 0; r < 6; ++r) EXPECT_EQ(each.column(1).int64s()[r], 1);
}

// Only aggregates whose partial results merge exactly take the step, and only with a key.
TEST(PartialAggregation, OnlyWhereMergingIsExact) {
  const GroupKey k{Col("k"), "k", std::nullopt};
  EXPECT_TRUE(Bind({k}, {AggSpec{AggFn::kMax, Col("d"), "m"}})->HasPartial());
  EXPECT_TRUE(Bind({k}, {AggSpec{AggFn::kSum, Col("i"), "s"}})->HasPartial());  // into a long
  EXPECT_FALSE(Bind({}, {AggSpec{AggFn::kCount, std::nullopt, "n"}})->HasPartial());
  EXPECT_FALSE(Bind({k}, {AggSpec{AggFn::kSum, Col("d"), "s"}})->HasPartial());  // order of +
  EXPECT_FALSE(Bind({k}, {AggSpec{AggFn::kAvg, Col("x"), "a"}})->HasPartial());
  EXPECT_FALSE(Bind({k}, {AggSpec{AggFn::kFirst, Col("x"), "f"}})->HasPartial());
  EXPECT_FALSE(Bind({k}, {AggSpec{AggFn::kCountDistinct, Col("x"), "c"}})->HasPartial());
}

}  // namespace
}  // namespace sluice::engine
