#include "engine/query/data_stream.h"

#include "engine/ops/filter.h"
#include "engine/ops/projection.h"
#include "engine/types/duration.h"

namespace sluice::engine {
namespace {

std::shared_ptr<const PlanNode> OpNode(std::shared_ptr<const PlanNode> input,
                                       std::shared_ptr<const Operator> op) {
  auto node = std::make_shared<PlanNode>();
  node->kind = PlanNode::Kind::kOperator;
  node->op = std::move(op);
  node->input = std::move(input);
  return node;
}

// An operator that refuses to bind: how the fluent API reports at Start a misuse it found while
// the plan was built (a malformed grouping key or aggregate).
class RefusedOp : public Operator {
 public:
  explicit RefusedOp(Status status) : status_(std::move(status)) {}
  std::string Describe() const override { return "refused"; }
  Result<Schema> Bind(const Schema&) const override { return status_; }
  Result<RecordBatch> Apply(const RecordBatch&, const EvalContext&) const override {
    return status_;
  }

 private:
  Status status_;
};

}  // namespace

DataStream DataStream::From(std::shared_ptr<Source> source) {
  SLUICE_CHECK(source != nullptr, "a stream reads a source");
  auto node = std::make_shared<PlanNode>();
  node->kind = PlanNode::Kind::kScan;
  node->source = std::move(source);
  return DataStream(node);
}

DataStream DataStream::Select(std::vector<NamedExpr> items) const {
  // A window in a select is computed first, as its own column (Spark's TimeWindowing); a
  // malformed one is left for the select's Bind to refuse, naming its argument.
  static const std::string kWindowColumn = "__window";
  std::vector<NamedExpr> rewritten = items;
  if (std::optional<Expr> call = ExtractWindowCall(&rewritten, kWindowColumn)) {
    Result<WindowSpec> spec = WindowSpecOf(call->node());
    if (spec.ok()) {
      return Apply(MakeWindowAssign(kWindowColumn, Expr(call->node().args[0]), spec.value()))
          .Apply(MakeSelect(std::move(rewritten)));
    }
  }
  return Apply(MakeSelect(std::move(items)));
}

DataStream DataStream::Where(Expr condition) const {
  return Apply(MakeWhere(std::move(condition)));
}

DataStream DataStream::WithColumn(std::string name, Expr expr) const {
  return Apply(MakeWithColumn(std::move(name), std::move(expr)));
}

DataStream DataStream::Union(const DataStream& other) const {
  auto node = std::make_shared<PlanNode>();
  node->kind = PlanNode::Kind::kUnion;
  node->input = plan_;
  node->other = other.plan_;
  return DataStream(node);
}

DataStream DataStream::Join(const StaticTable& table, JoinType type, Expr condition) const {
  return Apply(MakeStaticJoin(table.rows, table.name, type, std::move(condition)));
}

DataStream DataStream::Apply(std::shared_ptr<const Operator> op) const {
  return DataStream(OpNode(plan_, std::move(op)));
}

DataStream DataStream::WithWatermark(std::string column, Duration delay) const {
  auto node = std::make_shared<PlanNode>();
  node->kind = PlanNode::Kind::kWatermark;
  node->input = plan_;
  node->watermark_column = std::move(column);
  node->watermark_delay_us = delay.count();
  node->watermark_delay_text = DescribeDuration(delay);
  return DataStream(node);
}

DataStream DataStream::WithWatermark(std::string column, std::string_view delay) const {
  Result<Duration> parsed = ParseDuration(delay);
  DataStream out = WithWatermark(std::move(column), parsed.ok() ? parsed.value() : Duration(0));
  auto node = std::const_pointer_cast<PlanNode>(out.plan_);
  node->watermark_delay_text = std::string(delay);
  if (!parsed.ok()) node->watermark_delay_error = parsed.status().message();
  return out;
}

DataStream DataStream::Aggregate(std::vector<GroupKey> keys, std::vector<AggSpec> aggs) const {
  return ApplyStateful(MakeAggregate(std::move(keys), std::move(aggs)));
}

GroupedStream DataStream::GroupByKeys(std::vector<NamedExpr> keys) const {
  return GroupedStream(*this, std::move(keys));
}

DataStream GroupedStream::AggList(std::vector<NamedExpr> aggs) const {
  std::vector<GroupKey> keys;
  std::vector<AggSpec> specs;
  auto refuse = [&](const Status& st) {
    return input_.Apply(std::make_shared<RefusedOp>(st.WithContext("groupBy(...).agg(...)")));
  };
  for (const NamedExpr& k : keys_) {
    Result<GroupKey> key = MakeGroupKey(k.expr, k.name);
    if (!key.ok()) return refuse(key.status());
    keys.push_back(std::move(key).value());
  }
  for (const NamedExpr& a : aggs) {
    Result<AggSpec> spec = MakeAggSpec(a);
    if (!spec.ok()) return refuse(spec.status());
    specs.push_back(std::move(spec).value());
  }
  return input_.Aggregate(std::move(keys), std::move(specs));
}

DataStream DataStream::DropDuplicates(std::vector<std::string> columns) const {
  return ApplyStateful(MakeDropDuplicates(std::move(columns)));
}

DataStream DataStream::DropDuplicatesWithinWatermark(std::vector<std::string> columns) const {
  return ApplyStateful(MakeDropDuplicatesWithinWatermark(std::move(columns)));
}

DataStream DataStream::ApplyStateful(std::shared_ptr<const StatefulOperator> op) const {
  auto node = std::make_shared<PlanNode>();
  node->kind = PlanNode::Kind::kStateful;
  node->input = plan_;
  node->stateful = std::move(op);
  return DataStream(node);
}

DataStreamWriter DataStream::WriteStream() const { return DataStreamWriter(plan_); }

DataStreamWriter& DataStreamWriter::OutputMode(engine::OutputMode mode) {
  definition_.options.output_mode = mode;
  return *this;
}
DataStreamWriter& DataStreamWriter::Trigger(engine::Trigger trigger) {
  definition_.options.trigger = trigger;
  return *this;
}
DataStreamWriter& DataStreamWriter::QueryName(std::string name) {
  definition_.options.name = std::move(name);
  return *this;
}
DataStreamWriter& DataStreamWriter::MinBatchesToRetain(int64_t n) {
  definition_.options.min_batches_to_retain = n;
  return *this;
}
DataStreamWriter& DataStreamWriter::Options(QueryOptions options) {
  definition_.options = std::move(options);
  return *this;
}
DataStreamWriter& DataStreamWriter::To(std::shared_ptr<Sink> sink) {
  definition_.sink = std::move(sink);
  return *this;
}
DataStreamWriter& DataStreamWriter::ForeachBatch(ForeachBatchSink::Callback callback) {
  definition_.sink = std::make_shared<ForeachBatchSink>(std::move(callback));
  return *this;
}
DataStreamWriter& DataStreamWriter::ForeachBatch(ForeachBatchSink::QueryCallback callback) {
  definition_.sink = std::make_shared<ForeachBatchSink>(std::move(callback));
  return *this;
}
DataStreamWriter& DataStreamWriter::AddListener(QueryListener* listener) {
  definition_.listeners.push_back(listener);
  return *this;
}

Result<std::unique_ptr<StreamingQuery>> DataStreamWriter::Start(const Environment& env) const {
  return StreamingQuery::Start(definition_, env);
}

}  // namespace sluice::engine
