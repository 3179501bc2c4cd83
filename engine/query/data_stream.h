// The fluent API: build a streaming query the way a Spark user would.
//
//   auto query = DataStream::From(source)
//                    .Where(Col("value") > Lit(2))
//                    .Select({Col("value"), (Col("value") * Lit(2)).As("doubled")})
//                    .WriteStream()
//                    .Trigger(Trigger::ProcessingTime(1000))
//                    .To(sink)
//                    .Start(env);
//
// A DataStream is an immutable value: each call returns a new one over a larger plan.
#pragma once

#include <memory>
#include <vector>

#include "engine/io/foreach_batch_sink.h"
#include "engine/io/memory_sink.h"
#include "engine/ops/static_join.h"
#include "engine/query/streaming_query.h"
#include "engine/state/aggregate.h"
#include "engine/state/deduplicate.h"

namespace sluice::engine {

// A static (batch) table that a stream can join with.
struct StaticTable {
  std::string name;
  RecordBatch rows;
};

class DataStreamWriter;
class GroupedStream;

class DataStream {
 public:
  static DataStream From(std::shared_ptr<Source> source);

  // Items are expressions named with As, or unnamed (NamedExpr's default names, as Spark's).
  DataStream Select(std::vector<NamedExpr> items) const;
  DataStream Where(Expr condition) const;
  DataStream WithColumn(std::string name, Expr expr) const;
  DataStream Union(const DataStream& other) const;
  DataStream Join(const StaticTable& table, JoinType type, Expr condition) const;
  DataStream Apply(std::shared_ptr<const Operator> op) const;

  // Marks `column` (a timestamp) as event time, with rows up to `delay` late still counted.
  DataStream WithWatermark(std::string column, Duration delay) const;
  // The delay as Spark writes it ("10 seconds"); a malformed one fails the query at Start with
  // an error that quotes it.
  DataStream WithWatermark(std::string column, std::string_view delay) const;
  // group_by(keys).agg(aggs); no keys: one global group.
  DataStream Aggregate(std::vector<GroupKey> keys, std::vector<AggSpec> aggs) const;
  // Spark's groupBy: each key an expression (named as NamedExpr names it) or one named with As;
  // a Window(...) key groups by event-time window. Agg on the result gives the aggregation.
  template <typename... Keys>
  GroupedStream GroupBy(Keys... keys) const;
  GroupedStream GroupByKeys(std::vector<NamedExpr> keys) const;
  DataStream DropDuplicates(std::vector<std::string> columns = {}) const;
  DataStream DropDuplicatesWithinWatermark(std::vector<std::string> columns = {}) const;
  DataStream ApplyStateful(std::shared_ptr<const StatefulOperator> op) const;

  DataStreamWriter WriteStream() const;
  const std::shared_ptr<const PlanNode>& plan() const { return plan_; }

 private:
  explicit DataStream(std::shared_ptr<const PlanNode> plan) : plan_(std::move(plan)) {}
  std::shared_ptr<const PlanNode> plan_;
};

// A stream with its grouping keys, awaiting its aggregates: Spark's RelationalGroupedDataset.
class GroupedStream {
 public:
  GroupedStream(DataStream input, std::vector<NamedExpr> keys)
      : input_(std::move(input)), keys_(std::move(keys)) {}

  // agg(Count("*").As("n"), Sum(Col("x")), ...): each an aggregate (functions.h). A key or an
  // aggregate the engine cannot build fails the query at Start, naming it.
  template <typename... Aggs>
  DataStream Agg(Aggs... aggs) const {
    return AggList({NamedExpr(std::move(aggs))...});
  }
  DataStream AggList(std::vector<NamedExpr> aggs) const;

 private:
  DataStream input_;
  std::vector<NamedExpr> keys_;
};

template <typename... Keys>
GroupedStream DataStream::GroupBy(Keys... keys) const {
  return GroupByKeys({NamedExpr(std::move(keys))...});
}

class DataStreamWriter {
 public:
  explicit DataStreamWriter(std::shared_ptr<const PlanNode> plan) {
    definition_.plan = std::move(plan);
  }

  DataStreamWriter& OutputMode(engine::OutputMode mode);
  DataStreamWriter& Trigger(engine::Trigger trigger);
  DataStreamWriter& QueryName(std::string name);
  DataStreamWriter& MinBatchesToRetain(int64_t n);
  DataStreamWriter& Options(QueryOptions options);
  DataStreamWriter& To(std::shared_ptr<Sink> sink);
  DataStreamWriter& ForeachBatch(ForeachBatchSink::Callback callback);
  // As above, the function also given the query id (for exactly-once across restarts, a function
  // dedupes on (query id, batch id)).
  DataStreamWriter& ForeachBatch(ForeachBatchSink::QueryCallback callback);
  DataStreamWriter& AddListener(QueryListener* listener);

  Result<std::unique_ptr<StreamingQuery>> Start(const Environment& env) const;

 private:
  QueryDefinition definition_;
};

}  // namespace sluice::engine
