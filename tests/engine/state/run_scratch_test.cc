// A stateful operator's scratch (RunScratch), kept from batch to batch, never changes a result:
// an aggregation run batch after batch with one scratch gives the bytes that a run with fresh
// memory each batch gives, in every output mode, with late rows, and with batches of many groups
// followed by batches of few (where the group table lets its slots go).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "engine/state/aggregate.h"
#include "engine/state/clear_for_reuse.h"
#include "tests/support/stateful_runs.h"

namespace sluice::engine {
namespace {

RC_GTEST_PROP(RunScratch, AKeptScratchGivesTheOutputOfFreshMemory, ()) {
  Schema input{{{"k", DataType::kInt64}, {"t", DataType::kTimestamp}, {"v", DataType::kInt64}}};
  input.fields[1].watermark_delay_us = 0;
  const auto op = MakeAggregate(
      {GroupKey{Col("k"), "k", std::nullopt}, GroupKey{Col("t"), "w", WindowSpec{Seconds(10)}}},
      {AggSpec{AggFn::kCount, std::nullopt, "n"}, AggSpec{AggFn::kSum, Col("v"), "s"}});
  const auto bound = op->Plan(input);
  RC_ASSERT(bound.ok());
  const BoundStateful& agg = *bound.value();
  const auto mode =
      *rc::gen::element(OutputMode::kAppend, OutputMode::kUpdate, OutputMode::kComplete);

  testing::StatefulRunSide kept, fresh;
  std::unique_ptr<RunScratch> scratch;
  int64_t watermark_ms = 0;
  const auto batches = *rc::gen::inRange(1, 6);
  for (int64_t b = 0; b < batches; ++b) {
    // Up to 3000 rows over up to 3000 keys: a batch may have more than 512 groups, the next few.
    const auto rows = *rc::gen::inRange<size_t>(0, 3000);
    const auto keys = *rc::gen::inRange<int64_t>(1, 3000);
    std::vector<Column> columns{Column(DataType::kInt64), Column(DataType::kTimestamp),
                                Column(DataType::kInt64)};
    for (size_t r = 0; r < rows; ++r) {
      columns[0].AppendInt(*rc::gen::inRange<int64_t>(0, keys));
      columns[1].AppendInt(*rc::gen::inRange<int64_t>(0, 60) * 1'000'000);  // 0-59 s
      columns[2].AppendInt(*rc::gen::inRange<int64_t>(-5, 5));
    }
    RecordBatch batch(input, std::move(columns));
    for (const auto& step : agg.pre_shuffle) {
      auto out = step->Apply(batch, EvalContext{});
      RC_ASSERT(out.ok());
      batch = std::move(out.value());
    }
    StatefulContext ctx = testing::DrawBatchContext(b, mode, &watermark_ms);
    kept.Begin(b);
    fresh.Begin(b);
    ctx.scratch = &scratch;
    kept.out = agg.Run(batch, kept.store, ctx, &kept.progress);
    ctx.scratch = nullptr;
    fresh.out = agg.Run(batch, fresh.store, ctx, &fresh.progress);
    testing::AssertSameBatch(b, kept, fresh);
  }
  RC_ASSERT(scratch != nullptr);
}

// ClearForReuse keeps a buffer's memory for the next batch unless a much larger batch left it.
TEST(ClearForReuse, KeepsMemoryUnlessItIsMoreThanEightTimesTheLastUseAndOverOneMiB) {
  std::vector<uint64_t> used(1 << 18);  // 2 MiB, all in use: kept
  ClearForReuse(used);
  EXPECT_TRUE(used.empty());
  EXPECT_GE(used.capacity(), size_t{1} << 18);
  std::vector<uint64_t> backlog;
  backlog.reserve(1 << 18);  // 2 MiB, 1/16 in use: let go
  backlog.resize(1 << 14);
  ClearForReuse(backlog);
  EXPECT_EQ(backlog.capacity(), 0u);
  std::string small;
  small.reserve(1000);  // small: kept, however little was used
  ClearForReuse(small);
  EXPECT_GE(small.capacity(), 1000u);
  std::vector<uint64_t> unused;
  unused.reserve(1 << 18);  // 2 MiB, none used (a no-data batch between batches of rows): kept
  ClearForReuse(unused);
  EXPECT_GE(unused.capacity(), size_t{1} << 18);
}

}  // namespace
}  // namespace sluice::engine
