// A plan run with partial aggregation before the shuffle gives what it gives without: the same
// output, state files and progress counters, with several input partitions and shuffle
// partitions, where the probe decides after the first range of rows and grouping goes on over
// later ranges, and where it gives up.
#include <gtest/gtest.h>

#include "engine/io/memory_source.h"
#include "engine/plan/compiled_plan.h"
#include "engine/plan/execute.h"
#include "engine/query/data_stream.h"
#include "engine/query/functions.h"
#include "tests/support/plan_runs.h"

namespace sluice::engine {
namespace {

// The batch over 3 shuffle partitions, in complete mode.
testing::PlanRun Execute(const CompiledPlan& plan, const BatchInput& input, bool partial,
                         const PartialLimits& limits) {
  auto run = testing::RunPlan(plan, input, {.partitions = 3, .partial = partial, .limits = limits});
  SLUICE_CHECK(run.ok(), "the plan runs");
  return std::move(run.value());
}

TEST(PartialShuffle, GivesWhatTheShuffleOfRowsGives) {
  const Schema schema{{{"k", DataType::kInt64}, {"x", DataType::kInt64}, {"s", DataType::kString}}};
  auto source = std::make_shared<MemorySource>("in", schema, 2);
  std::vector<std::vector<Value>> rows;
  for (int64_t i = 0; i < 16000; ++i) {
    // Few keys in each partition's first 4096 rows, then many: the probe keeps grouping.
    const int64_t k = i < 8192 ? i % 5 : i % 3000;
    rows.push_back({k, i % 3 == 0 ? Value{} : Value{i}, Value{std::string(1, 'a' + i % 26)}});
  }
  ASSERT_TRUE(source->AddRows(rows).ok());
  const CompiledPlan plan = CompilePlan(DataStream::From(source)
                                            .GroupBy(Col("k"))
                                            .Agg(Count("*").As("n"), Count(Col("x")).As("nx"),
                                                 Sum(Col("x")).As("sx"), Max(Col("s")).As("hi"))
                                            .plan())
                                .value();
  ASSERT_TRUE(plan.stateful.front()->HasPartial());
  BatchInput input(1);
  const PartitionOffsets end = source->EndOffsets();
  for (int p = 0; p < 2; ++p) input[0].push_back(source->Read(p, 0, end[p]).value());

  const testing::PlanRun rows_run = Execute(plan, input, false, PartialLimits{});
  for (const double max_groups_per_row : {0.0, 0.5, 1.0}) {
    const testing::PlanRun partial_run =
        Execute(plan, input, true, PartialLimits{4096, max_groups_per_row});
    EXPECT_EQ(partial_run.output, rows_run.output) << max_groups_per_row;
    EXPECT_EQ(partial_run.state_files, rows_run.state_files) << max_groups_per_row;
    EXPECT_EQ(partial_run.state.num_rows_updated, rows_run.state.num_rows_updated)
        << max_groups_per_row;
  }
}

}  // namespace
}  // namespace sluice::engine
