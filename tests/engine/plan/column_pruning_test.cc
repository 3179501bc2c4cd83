// Column pruning: the compiled plan's operators build only the columns read above them, and the
// query gives the rows it gives without pruning.
#include "engine/plan/column_pruning.h"

#include <gtest/gtest.h>

#include <map>

#include "engine/io/memory_sink.h"
#include "engine/io/memory_source.h"
#include "engine/plan/compiled_plan.h"
#include "engine/query/data_stream.h"
#include "engine/query/functions.h"
#include "engine/query/streaming_query.h"
#include "tests/support/sim_query_env.h"

namespace sluice::engine {
namespace {

const Schema kEvents{{{"ad", DataType::kString},
                      {"kind", DataType::kString},
                      {"t", DataType::kTimestamp},
                      {"note", DataType::kString}}};

RecordBatch Ads() {
  RecordBatch ads(Schema{{{"ad", DataType::kString}, {"campaign", DataType::kInt64}}});
  ads.AppendRow({std::string("a1"), int64_t{10}});
  ads.AppendRow({std::string("a2"), int64_t{20}});
  return ads;
}

std::shared_ptr<MemorySource> Events() {
  return std::make_shared<MemorySource>("events", kEvents, 1);
}

// The schema each step of the stage gives, from its input's: the step's description with it.
std::vector<std::pair<std::string, Schema>> StepOutputs(const Stage& stage, Schema schema) {
  std::vector<std::pair<std::string, Schema>> out;
  for (const StageStep& step : stage.steps) {
    if (step.op == nullptr) continue;  // a watermark node passes its input on
    schema = step.op->Bind(schema).value();
    out.emplace_back(step.op->Describe(), schema);
  }
  return out;
}

std::vector<std::string> Names(const Schema& s) {
  std::vector<std::string> names;
  for (const Field& f : s.fields) names.push_back(f.name);
  return names;
}

// What each step of the stage under the compiled plan's root (a stateful operator's input)
// gives, by the step's description.
using Gives = std::map<std::string, std::vector<std::string>>;
Gives StepsGive(const DataStream& query, const Schema& source) {
  const CompiledPlan plan = CompilePlan(query.plan()).value();
  EXPECT_EQ(plan.root.inputs.size(), 1u);
  if (plan.root.inputs.size() != 1) return {};
  Gives gives;
  for (const auto& [what, schema] : StepOutputs(plan.root.inputs[0], source)) {
    gives[what] = Names(schema);
  }
  return gives;
}

// The YSB shape: a filter and a join, then a window count. The join takes the filter in
// (filter_fusion.h) and no longer copies `kind`, `note` or either side's `ad`: the aggregation
// reads only `campaign` and `t`.
TEST(ColumnPruning, AFilterAndAJoinBuildOnlyWhatTheAggregationReads) {
  const DataStream query =
      DataStream::From(Events())
          .WithWatermark("t", "10 seconds")
          .Where(Col("kind") == Lit("view"))
          .Join(StaticTable{"ads", Ads()}, JoinType::kInner, Col("left.ad") == Col("right.ad"))
          .GroupBy(Col("campaign"), Window(Col("t"), "10 seconds"))
          .Agg(Count("*").As("n"));
  const CompiledPlan plan = CompilePlan(query.plan()).value();
  Gives gives = StepsGive(query, kEvents);
  EXPECT_FALSE(gives.contains("where (kind = view)"));
  EXPECT_EQ(gives["inner join with ads after where (kind = view)"],
            (std::vector<std::string>{"t", "campaign"}));
  // The output is the aggregation's, as written.
  EXPECT_EQ(Names(plan.output_schema), (std::vector<std::string>{"campaign", "window", "n"}));
}

// The pruned YSB shape counts what the query as written counts: views of known ads, per
// campaign and window (complete mode, so every group is in the last batch).
TEST(ColumnPruning, ThePrunedQueryCountsWhatTheQueryAsWrittenCounts) {
  testing::SimQueryEnv sim;
  auto source = Events();
  auto sink = std::make_shared<MemorySink>();
  auto query =
      DataStream::From(source)
          .Where(Col("kind") == Lit("view"))
          .Join(StaticTable{"ads", Ads()}, JoinType::kInner, Col("left.ad") == Col("right.ad"))
          .GroupBy(Col("campaign"))
          .Agg(Count("*").As("n"))
          .WriteStream()
          .OutputMode(OutputMode::kComplete)
          .To(sink)
          .Start(sim.env)
          .value();
  const auto event = [](const char* ad, const char* kind) {
    return std::vector<Value>{std::string(ad), std::string(kind), int64_t{0}, std::string("x")};
  };
  ASSERT_TRUE(source
                  ->AddRows({event("a1", "view"), event("a2", "click"), event("a2", "view"),
                             event("a3", "view"), event("a1", "view")})
                  .ok());
  ASSERT_TRUE(query->ProcessAllAvailable().ok());
  std::map<int64_t, int64_t> counts;
  for (const auto& row : sink->LastBatchRows()) {
    counts[std::get<int64_t>(row[0])] = std::get<int64_t>(row[1]);
  }
  EXPECT_EQ(counts, (std::map<int64_t, int64_t>{{10, 2}, {20, 1}}));
}

// What the sink is given is never narrowed: a plan whose root is a filter keeps every column.
TEST(ColumnPruning, TheRootKeepsEveryColumn) {
  const DataStream query = DataStream::From(Events()).Where(Col("kind") == Lit("view"));
  EXPECT_EQ(PruneColumns(query.plan()), query.plan());
}

// An aggregation that reads no column (count(*) with no key) still sees every row: the filter
// below it keeps one column, since a batch of no columns has no rows.
TEST(ColumnPruning, ACountOfRowsKeepsAColumnSoThatRowsAreCounted) {
  const DataStream query = DataStream::From(Events())
                               .Where(Col("kind") == Lit("view"))
                               .GroupByKeys({})
                               .Agg(Count("*").As("n"));
  Gives gives = StepsGive(query, kEvents);
  EXPECT_EQ(gives["where (kind = view)"], (std::vector<std::string>{"ad"}));
}

// A column that carries a watermark is kept even where nothing above reads it.
TEST(ColumnPruning, AWatermarkedColumnIsKept) {
  const DataStream query = DataStream::From(Events())
                               .WithWatermark("t", "10 seconds")
                               .Where(Col("kind") == Lit("view"))
                               .GroupBy(Col("ad"))
                               .Agg(Count("*").As("n"));
  Gives gives = StepsGive(query, kEvents);
  EXPECT_EQ(gives["where (kind = view)"], (std::vector<std::string>{"ad", "t"}));
}

// A window key reads back the column of its name, and finds an input column of that name first
// (as written, the key is that column): pruning keeps it, so that the pruned plan groups by what
// the plan as written groups by.
TEST(ColumnPruning, AnInputColumnNamedAsAWindowKeyIsKept) {
  const Schema events{
      {{"ad", DataType::kString}, {"window", DataType::kString}, {"t", DataType::kTimestamp}}};
  const DataStream query = DataStream::From(std::make_shared<MemorySource>("e", events, 1))
                               .WithWatermark("t", "10 seconds")
                               .GroupBy(Window(Col("t"), "10 seconds"))
                               .Agg(Count("*").As("n"));
  const CompiledPlan plan = CompilePlan(query.plan()).value();
  ASSERT_EQ(plan.root.inputs.size(), 1u);
  const auto steps = StepOutputs(plan.root.inputs[0], events);
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.front().first, "select");  // `ad` is read by nothing
  EXPECT_EQ(Names(steps.front().second), (std::vector<std::string>{"window", "t"}));
}

// A dotted name is resolved as binding resolves it: `s.b.c` is field c of field b of struct s,
// not field c of the column named `s.b`, so `s` is what the filter reads.
TEST(ColumnPruning, ADottedNameReadsTheColumnBindingResolvesItTo) {
  const DataType inner = DataType::Struct({{"c", DataType::kInt64}});
  const Schema rows{
      {{"id", DataType::kInt64}, {"s", DataType::Struct({{"b", inner}})}, {"s.b", inner}}};
  const DataStream query = DataStream::From(std::make_shared<MemorySource>("r", rows, 1))
                               .Where(Col("s.b.c") > Lit(0))
                               .Select({Col("id")});
  const CompiledPlan plan = CompilePlan(query.plan()).value();
  std::map<std::string, std::vector<std::string>> gives;
  for (const auto& [what, schema] : StepOutputs(plan.root, rows)) gives[what] = Names(schema);
  EXPECT_EQ(gives["where (s.b.c > 0)"], (std::vector<std::string>{"id"}));
  const auto steps = StepOutputs(plan.root, rows);
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(Names(steps.front().second), (std::vector<std::string>{"id", "s"}));
}

// A with_column passes pruning on: below it, only what its kept columns and its expression
// read, and the column it replaces (the new one takes its place). Here `note` is replaced by an
// expression of `kind`, and nothing reads `ad` or `t`.
TEST(ColumnPruning, AWithColumnReadsWhatItsNeededOutputsRead) {
  const DataStream query = DataStream::From(Events())
                               .Where(Col("t").IsNotNull())
                               .WithColumn("note", Col("kind"))
                               .GroupBy(Col("note"))
                               .Agg(Count("*").As("n"));
  Gives gives = StepsGive(query, kEvents);
  EXPECT_EQ(gives["where is_not_null(t)"], (std::vector<std::string>{"kind", "note"}));
  EXPECT_EQ(gives["with_column note"], (std::vector<std::string>{"kind", "note"}));
}

// A with_column that replaces a column gives the new one in the old one's place, pruned or not:
// the replaced column stays below it (shared, so it costs nothing).
TEST(ColumnPruning, AReplacedColumnKeepsItsPlace) {
  const Schema xyz{{{"x", DataType::kInt64}, {"y", DataType::kInt64}, {"z", DataType::kInt64}}};
  const DataStream query = DataStream::From(std::make_shared<MemorySource>("s", xyz, 1))
                               .WithColumn("x", Col("y") + Lit(1))
                               .GroupBy(Col("x"))
                               .Agg(Count("*").As("n"));
  Gives gives = StepsGive(query, xyz);
  EXPECT_EQ(gives["with_column x"], (std::vector<std::string>{"x", "y"}));
}

}  // namespace
}  // namespace sluice::engine
