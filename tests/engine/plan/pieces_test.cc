// A stateful stage run a piece of rows at a time (ExecutionContext::piece_rows) gives what it
// gives over whole partitions: the same output, state files, progress counters and event-time
// statistics, in every output mode, with late windows, evicted windows, a filter that empties
// some pieces, and an argument whose nulls appear only in the later rows; for a global aggregate,
// steps after the aggregation and a union before it too. A step's error names
// the rows it names over the whole partition. Pieces are taken only where they pay.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "engine/io/memory_source.h"
#include "engine/plan/compiled_plan.h"
#include "engine/plan/execute.h"
#include "engine/query/data_stream.h"
#include "engine/query/functions.h"
#include "engine/state/aggregate.h"
#include "tests/support/plan_runs.h"

namespace sluice::engine {
namespace {

using testing::PlanRun;

// The batch in `mode` over `partitions` shuffle partitions, in pieces of `piece_rows` (0: whole
// partitions), with windows ending by 40 s late and those ending by 80 s evicted.
Result<PlanRun> Execute(const CompiledPlan& plan, const BatchInput& input, size_t piece_rows,
                        OutputMode mode, int partitions = 1, PartialLimits limits = {}) {
  return testing::RunPlan(plan, input,
                          {.partitions = partitions,
                           .limits = limits,
                           .piece_rows = piece_rows,
                           .mode = mode,
                           .late_watermark_ms = 40'000,
                           .eviction_watermark_ms = 80'000});
}

void ExpectSameRun(const PlanRun& pieces, const PlanRun& whole, const std::string& label) {
  EXPECT_EQ(pieces.output, whole.output) << label;
  EXPECT_EQ(pieces.state_files, whole.state_files) << label;
  EXPECT_EQ(pieces.state.num_rows_updated, whole.state.num_rows_updated) << label;
  EXPECT_EQ(pieces.state.num_rows_dropped_by_watermark, whole.state.num_rows_dropped_by_watermark)
      << label;
  EXPECT_EQ(pieces.state.num_rows_removed, whole.state.num_rows_removed) << label;
  EXPECT_EQ(pieces.state.num_rows_total, whole.state.num_rows_total) << label;
  EXPECT_EQ(pieces.event_time.count, whole.event_time.count) << label;
  EXPECT_EQ(pieces.event_time.min_ms, whole.event_time.min_ms) << label;
  EXPECT_EQ(pieces.event_time.max_ms, whole.event_time.max_ms) << label;
  EXPECT_TRUE(pieces.event_time.sum_ms == whole.event_time.sum_ms) << label;
}

// Two partitions of rows over 0-120 s: keys 0-6 and a few nulls, a value that is null in the last
// rows only, a double that the filter reads.
std::shared_ptr<MemorySource> Rows() {
  const Schema schema{{{"k", DataType::kInt64},
                       {"t", DataType::kTimestamp},
                       {"x", DataType::kInt64},
                       {"d", DataType::kDouble}}};
  auto source = std::make_shared<MemorySource>("in", schema, 2);
  std::vector<std::vector<Value>> rows;
  for (int64_t i = 0; i < 3000; ++i) {
    rows.push_back({i % 7, i * 40'000, i % 11 - 5, static_cast<double>(i % 13)});
    if (i >= 2500 && i % 3 == 0) rows.back()[2] = Value{};
    if (i % 997 == 500) rows.back()[0] = Value{};  // a piece with a null key takes encoded keys
  }
  SLUICE_CHECK(source->AddRows(rows).ok(), "the rows are added");
  return source;
}

BatchInput ReadAll(MemorySource& source) {
  BatchInput input(1);
  const PartitionOffsets end = source.EndOffsets();
  for (size_t p = 0; p < end.size(); ++p) {
    input[0].push_back(source.Read(static_cast<int>(p), 0, end[p]).value());
  }
  return input;
}

TEST(Pieces, GiveWhatWholePartitionsGive) {
  const auto source = Rows();
  const BatchInput input = ReadAll(*source);
  for (const OutputMode mode : {OutputMode::kAppend, OutputMode::kUpdate, OutputMode::kComplete}) {
    const CompiledPlan plan =
        CompilePlan(DataStream::From(source)
                        .WithWatermark("t", "10 seconds")
                        // Rows 100-199 of each 300 go: some pieces of 7 rows are empty.
                        .Where(Col("d") * Lit(2.0) < Lit(20.0) || Col("k") != Lit(3))
                        .GroupBy(Col("k"), Window(Col("t"), "10 seconds"))
                        .Agg(Count("*").As("n"), Sum(Col("x")).As("sx"), Sum(Col("d")).As("sd"),
                             Count(Col("x")).As("nx"), Max(Col("x")).As("mx"),
                             Avg(Col("d")).As("ad"))
                        .plan())
            .value();
    const PlanRun whole = Execute(plan, input, 0, mode).value();
    if (mode != OutputMode::kComplete) {
      EXPECT_GT(whole.state.num_rows_dropped_by_watermark, 0);
    }
    if (mode == OutputMode::kAppend) {
      EXPECT_GT(whole.state.num_rows_removed, 0);
    }
    for (const size_t piece_rows : {1, 7, 256, 1499}) {
      ExpectSameRun(Execute(plan, input, piece_rows, mode).value(), whole,
                    "pieces of " + std::to_string(piece_rows));
    }
  }
}

// With several shuffle partitions, each input partition's rows are cut into ranges, each range
// taken in pieces into a partial aggregation: the same as the partial step over whole partitions,
// whether the probe decides early or late, to group or to pass each row on.
TEST(Pieces, GiveWhatWholePartitionsGiveBeforeTheShuffle) {
  const auto source = Rows();
  const BatchInput input = ReadAll(*source);
  const CompiledPlan plan = CompilePlan(DataStream::From(source)
                                            .WithWatermark("t", "10 seconds")
                                            .Where(Col("d") * Lit(2.0) < Lit(20.0))
                                            .GroupBy(Col("k"), Window(Col("t"), "10 seconds"))
                                            .Agg(Count("*").As("n"), Sum(Col("x")).As("sx"),
                                                 Count(Col("x")).As("nx"), Max(Col("x")).As("mx"))
                                            .plan())
                                .value();
  ASSERT_TRUE(plan.stateful.front()->HasPartial());
  for (const OutputMode mode : {OutputMode::kAppend, OutputMode::kUpdate, OutputMode::kComplete}) {
    const PlanRun whole = Execute(plan, input, 0, mode, 3).value();
    for (const PartialLimits limits :
         {PartialLimits{}, PartialLimits{5, 0.5}, PartialLimits{100, 0.0}}) {
      for (const size_t piece_rows : {1, 7, 256, 1499}) {
        ExpectSameRun(Execute(plan, input, piece_rows, mode, 3, limits).value(), whole,
                      "pieces of " + std::to_string(piece_rows) + ", probe of " +
                          std::to_string(limits.probe_rows));
      }
    }
  }
}

// Other plan shapes over pieces, with one and three shuffle partitions: a global aggregate (no
// key); steps after the aggregation; a union of two sources before it, with a step after the
// union.
TEST(Pieces, GiveWhatWholePartitionsGiveForOtherPlanShapes) {
  const auto source = Rows();
  const auto other = Rows();
  BatchInput both(2);
  both[0] = ReadAll(*source)[0];
  both[1] = ReadAll(*other)[0];
  struct Shape {
    std::string name;
    CompiledPlan plan;
    const BatchInput* input;
    std::vector<OutputMode> modes;
  };
  const BatchInput one = ReadAll(*source);
  std::vector<Shape> shapes;
  shapes.push_back({"a global aggregate",
                    CompilePlan(DataStream::From(source)
                                    .WithWatermark("t", "10 seconds")
                                    .Where(Col("d") * Lit(2.0) < Lit(20.0))
                                    .Aggregate({}, {AggSpec{AggFn::kCount, std::nullopt, "n"},
                                                    AggSpec{AggFn::kSum, Col("x"), "sx"}})
                                    .plan())
                        .value(),
                    &one,
                    {OutputMode::kUpdate, OutputMode::kComplete}});
  shapes.push_back({"steps after the aggregation",
                    CompilePlan(DataStream::From(source)
                                    .WithWatermark("t", "10 seconds")
                                    .Where(Col("d") * Lit(2.0) < Lit(20.0))
                                    .GroupBy(Col("k"), Window(Col("t"), "10 seconds"))
                                    .Agg(Count("*").As("n"), Sum(Col("x")).As("sx"))
                                    .WithColumn("n2", Col("n") * Lit(2))
                                    .Where(Col("n") > Lit(1))
                                    .plan())
                        .value(),
                    &one,
                    {OutputMode::kAppend, OutputMode::kUpdate, OutputMode::kComplete}});
  shapes.push_back({"a union before the aggregation",
                    CompilePlan(DataStream::From(source)
                                    .Union(DataStream::From(other))
                                    .WithWatermark("t", "10 seconds")
                                    .Where(Col("d") * Lit(2.0) < Lit(20.0))
                                    .GroupBy(Col("k"), Window(Col("t"), "10 seconds"))
                                    .Agg(Count("*").As("n"), Max(Col("x")).As("mx"))
                                    .plan())
                        .value(),
                    &both,
                    {OutputMode::kAppend, OutputMode::kUpdate, OutputMode::kComplete}});
  for (const Shape& shape : shapes) {
    for (const OutputMode mode : shape.modes) {
      for (const int partitions : {1, 3}) {
        const PlanRun whole = Execute(shape.plan, *shape.input, 0, mode, partitions).value();
        EXPECT_GT(whole.state.num_rows_updated, 0) << shape.name;
        for (const size_t piece_rows : {1, 7, 1499}) {
          ExpectSameRun(Execute(shape.plan, *shape.input, piece_rows, mode, partitions).value(),
                        whole,
                        shape.name + ", " + std::to_string(partitions) + " partitions, pieces of " +
                            std::to_string(piece_rows));
        }
      }
    }
  }
}

// Passes its input on, counting its calls; fails at the first row whose x is 1234, naming that
// row's place in its input.
class CountingStep : public Operator {
 public:
  explicit CountingStep(bool only_passes) : only_passes_(only_passes) {}
  std::string Describe() const override { return "counting"; }
  Result<Schema> Bind(const Schema& input) const override { return input; }
  Result<RecordBatch> Apply(const RecordBatch& input, const EvalContext&) const override {
    ++calls;
    const auto x = input.schema().IndexOf("x");
    for (size_t r = 0; x && r < input.num_rows(); ++r) {
      if (!input.column(*x).IsNull(r) && input.column(*x).Int(r) == 1234) {
        return Status::InvalidArgument("counting: row " + std::to_string(r));
      }
    }
    return input;
  }
  bool OnlyPassesColumns() const override { return only_passes_; }
  mutable std::atomic<int> calls = 0;

 private:
  bool only_passes_;
};

// A count by k of `source`'s rows after `step`.
std::shared_ptr<const PlanNode> CountAfter(std::shared_ptr<const Operator> step,
                                           std::shared_ptr<MemorySource> source) {
  auto scan = std::make_shared<PlanNode>();
  scan->kind = PlanNode::Kind::kScan;
  scan->source = std::move(source);
  auto node = std::make_shared<PlanNode>();
  node->kind = PlanNode::Kind::kOperator;
  node->op = std::move(step);
  node->input = scan;
  auto count = std::make_shared<PlanNode>();
  count->kind = PlanNode::Kind::kStateful;
  count->stateful = MakeAggregate({GroupKey{Col("k"), "k", std::nullopt}},
                                  {AggSpec{AggFn::kCount, std::nullopt, "n"}});
  count->input = node;
  return count;
}

TEST(Pieces, AStepsErrorNamesTheRowsItNamesOverTheWholePartition) {
  const Schema schema{{{"k", DataType::kInt64}, {"x", DataType::kInt64}}};
  auto source = std::make_shared<MemorySource>("in", schema, 1);
  std::vector<std::vector<Value>> rows;
  for (int64_t i = 0; i < 100; ++i) rows.push_back({i % 3, i == 57 ? 1234 : i});
  ASSERT_TRUE(source->AddRows(rows).ok());
  auto step = std::make_shared<CountingStep>(false);
  const CompiledPlan plan = CompilePlan(CountAfter(step, source)).value();
  const auto run = Execute(plan, ReadAll(*source), 10, OutputMode::kComplete);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().message(), "counting: row 57");
}

TEST(Pieces, AreTakenOnlyWhereTheyPay) {
  const Schema fixed{{{"k", DataType::kInt64}, {"x", DataType::kInt64}}};
  const Schema strings{
      {{"k", DataType::kInt64}, {"x", DataType::kInt64}, {"s", DataType::kString}}};
  // The step's calls for 100 rows in one input partition, pieces of 10 rows.
  const auto calls = [](const Schema& schema, bool only_passes, int partitions = 1) {
    auto source = std::make_shared<MemorySource>("in", schema, 1);
    std::vector<std::vector<Value>> rows;
    for (int64_t i = 0; i < 100; ++i) {
      rows.push_back({i % 3, i});
      if (schema.fields.size() == 3) rows.back().push_back(std::string("s"));
    }
    SLUICE_CHECK(source->AddRows(rows).ok(), "the rows are added");
    auto step = std::make_shared<CountingStep>(only_passes);
    const CompiledPlan plan = CompilePlan(CountAfter(step, source)).value();
    SLUICE_CHECK(Execute(plan, ReadAll(*source), 10, OutputMode::kComplete, partitions).ok(),
                 "it runs");
    return step->calls.load();
  };
  EXPECT_EQ(calls(fixed, false), 10);   // a step that computes, over fixed-width columns
  EXPECT_EQ(calls(fixed, true), 1);     // a step that only passes columns on gains nothing
  EXPECT_EQ(calls(strings, false), 1);  // strings cost more to slice than the cache saves
  // Before a shuffle to 3 partitions: the input cut into 3 ranges (34, 34 and 32 rows), each
  // taken in pieces of 10.
  EXPECT_EQ(calls(fixed, false, 3), 12);
  EXPECT_EQ(calls(strings, false, 3), 1);
}

}  // namespace
}  // namespace sluice::engine
