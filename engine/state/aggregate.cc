#include "engine/state/aggregate.h"

#include <algorithm>

#include "engine/expr/cast.h"
#include "engine/expr/columns_read.h"
#include "engine/ops/projection.h"
#include "engine/state/aggregate_function.h"
#include "engine/state/aggregate_run.h"
#include "engine/state/batch_groups.h"
#include "engine/state/group_accumulators.h"
#include "engine/types/decimal.h"
#include "engine/types/row_codec.h"

namespace sluice::engine {
namespace {

class BoundAggregate : public BoundStateful {
 public:
  std::string Name() const override { return "stateStoreSave"; }
  std::string Describe() const override { return description; }
  bool IsAggregation() const override { return true; }
  bool EvictsByWatermark(OutputMode mode) const override {
    return layout.eviction_column.has_value() && mode != OutputMode::kComplete;
  }

  Result<RecordBatch> Run(const RecordBatch& rows, storage::StateStore& store,
                          const StatefulContext& ctx, StateOperatorProgress* m) const override {
    const std::unique_ptr<PiecewiseRun> run = Start(store, ctx, m);
    SLUICE_RETURN_IF_ERROR(run->Add(rows));
    return run->Finish();
  }

  bool TakesPieces() const override { return true; }
  std::unique_ptr<PiecewiseRun> Start(storage::StateStore& store, const StatefulContext& ctx,
                                      StateOperatorProgress* m) const override {
    SLUICE_CHECK(!ctx.partial_input || has_partial, "partial rows only where HasPartial");
    return StartAggregateRun(*this, layout, store, ctx, m);
  }

  bool HasPartial() const override { return has_partial; }

  // Groups the rows as Run does, and gives a row per group, in order of first appearance: its key
  // cells and each aggregate's buffer (count, sum, min or max: one cell). Or, when the probe says
  // the rows hardly group, a row per row (PassThrough).
  RecordBatch Partial(const RecordBatch& rows, const PartialLimits& limits) const override {
    const std::unique_ptr<PiecewiseRun> run = StartPartial(limits);
    const Status added = run->Add(rows);
    SLUICE_CHECK(added.ok(), "a partial aggregation takes any rows");
    auto out = run->Finish();
    SLUICE_CHECK(out.ok(), "a partial aggregation gives its rows");
    return std::move(out.value());
  }

  std::unique_ptr<PiecewiseRun> StartPartial(const PartialLimits& limits) const override {
    SLUICE_CHECK(has_partial, "a partial run only where HasPartial");
    return std::make_unique<PartialRun>(*this, limits);
  }

  std::string description;
  // Where HasPartial, layout.merge_aggs merges partial results (count's sums counts) over the
  // partial rows' columns.
  AggregateLayout layout;
  bool has_partial = false;

 private:
  // Partial over the rows of its pieces, in order. The probe decides once `limits.probe_rows`
  // rows are grouped (or at Finish, if fewer came): until then each piece is kept, so that all of
  // them can become a row per row.
  class PartialRun : public PiecewiseRun {
   public:
    PartialRun(const BoundAggregate& op, const PartialLimits& limits)
        : op_(op),
          limits_(limits),
          groups_(op.layout.buffer_width),
          accumulators_(op.layout.aggs, op.layout.offsets) {
      for (size_t c = 0; c < op.key_columns.size(); ++c) {
        keys_.emplace_back(op.partial_schema.fields[c].type);
      }
    }

    Status Add(const RecordBatch& rows) override {
      if (pass_through_) {
        passed_.push_back(op_.PassThrough(rows));
        return Status::Ok();
      }
      group_of_row_.resize(rows.num_rows());
      first_rows_.clear();
      BatchKeys keys = groups_.KeysOf(rows, op_.key_columns, op_.layout.window_by_start);
      for (size_t begin = 0; begin < rows.num_rows(); begin += BatchKeys::kRowsAtOnce) {
        const size_t end = std::min(rows.num_rows(), begin + BatchKeys::kRowsAtOnce);
        keys.Encode(begin, end);
        groups_.FindOrAddRange(keys, group_of_row_.data() + begin, &first_rows_);
        if (!probed_ && grouped_ + end >= limits_.probe_rows) {
          probed_ = true;
          if (TooManyGroups(grouped_ + end)) return PassAll(rows);
        }
      }
      grouped_ += rows.num_rows();
      if (probed_) {
        kept_.clear();
      } else {
        kept_.push_back(rows);
      }
      for (uint32_t g = first_new_; g < groups_.size(); ++g) {
        for (size_t a = 0; a < op_.layout.aggs.size(); ++a) {
          op_.layout.aggs[a].Init(groups_.Buffer(g) + op_.layout.offsets[a]);
        }
      }
      first_new_ = static_cast<uint32_t>(groups_.size());
      accumulators_.Update(rows, group_of_row_, false, groups_);
      for (size_t c = 0; c < keys_.size(); ++c) {
        keys_[c].AppendAll(rows.column(op_.key_columns[c]).Take(first_rows_));
      }
      return Status::Ok();
    }

    Result<RecordBatch> Finish() override {
      if (!probed_ && !pass_through_ && grouped_ > 0 && TooManyGroups(grouped_)) {
        SLUICE_RETURN_IF_ERROR(PassAll(RecordBatch(op_.partial_schema)));
      }
      if (pass_through_) return Concat(op_.partial_schema, passed_);
      accumulators_.WriteBack(groups_);
      std::vector<Column> columns = std::move(keys_);
      const size_t num_keys = op_.key_columns.size();
      for (size_t a = 0; a < op_.layout.aggs.size(); ++a) {
        Column& out = columns.emplace_back(op_.partial_schema.fields[num_keys + a].type);
        out.Reserve(groups_.size());
        for (uint32_t g = 0; g < groups_.size(); ++g) {
          out.Append(groups_.Buffer(g)[op_.layout.offsets[a]]);
        }
      }
      return RecordBatch(op_.partial_schema, std::move(columns));
    }

   private:
    bool TooManyGroups(size_t rows) const {
      return static_cast<double>(groups_.size()) >
             limits_.max_groups_per_row * static_cast<double>(rows);
    }
    // From now on a row per row: the kept pieces, then `rows` (unless empty: rows of partial_schema
    // stand for none), then every later piece.
    Status PassAll(const RecordBatch& rows) {
      pass_through_ = true;
      for (const RecordBatch& kept : kept_) passed_.push_back(op_.PassThrough(kept));
      kept_.clear();
      if (rows.num_rows() > 0) passed_.push_back(op_.PassThrough(rows));
      return Status::Ok();
    }

    const BoundAggregate& op_;
    const PartialLimits limits_;
    BatchGroups groups_;
    GroupAccumulators accumulators_;
    std::vector<Column> keys_;  // each group's key cells, in id order
    std::vector<uint32_t> group_of_row_, first_rows_;
    uint32_t first_new_ = 0;           // the first group not yet given its initial buffer
    size_t grouped_ = 0;               // rows of the pieces grouped so far
    bool probed_ = false;              // whether the probe has decided
    bool pass_through_ = false;        // whether it decided on a row per row
    std::vector<RecordBatch> kept_;    // the pieces before the probe decided
    std::vector<RecordBatch> passed_;  // with pass_through_: each piece's rows as partial rows
  };

  // Each row as a partial row of its own: the keys and min/max/sum arguments as they are, and
  // count's partial count of the row (1, or 0 for count(x) where x is null).
  RecordBatch PassThrough(const RecordBatch& rows) const {
    std::vector<Column> columns;
    for (const size_t k : key_columns) columns.push_back(rows.column(k));
    for (size_t a = 0; a < layout.aggs.size(); ++a) {
      const BoundAgg& agg = layout.aggs[a];
      if (agg.fn != AggFn::kCount) {
        // An int sum's partial results are longs (PlanPartial).
        const DataType& type = partial_schema.fields[key_columns.size() + a].type;
        const Column& arg = rows.column(*agg.arg_column);
        columns.push_back(arg.type() == type ? arg : CastColumn(arg, type));
        continue;
      }
      Buffer<int64_t> counts(rows.num_rows());
      for (size_t r = 0; r < rows.num_rows(); ++r) {
        counts[r] = agg.arg_column && rows.column(*agg.arg_column).IsNull(r) ? 0 : 1;
      }
      columns.emplace_back(DataType::kInt64).AppendInts(std::move(counts));
    }
    return RecordBatch(partial_schema, std::move(columns));
  }
};

class Aggregate : public StatefulOperator {
 public:
  Aggregate(std::vector<GroupKey> keys, std::vector<AggSpec> aggs)
      : keys_(std::move(keys)), aggs_(std::move(aggs)) {}

  std::string Describe() const override {
    std::string s = "aggregate by [";
    for (size_t i = 0; i < keys_.size(); ++i) s += (i ? ", " : "") + keys_[i].name;
    return s + "]";
  }

  Result<std::shared_ptr<const BoundStateful>> Plan(const Schema& input) const override {
    auto bound = std::make_shared<BoundAggregate>();
    bound->description = Describe();
    Schema schema = input;
    std::vector<NamedExpr> projection;
    for (const GroupKey& k : keys_) {
      // The window read back by name below is the one assigned here unless the input has a
      // column of that name already (found first).
      bound->layout.window_by_start.push_back(k.window.has_value() && !input.IndexOf(k.name));
      if (k.window) {
        auto op = MakeWindowAssign(k.name, k.expr, *k.window);
        SLUICE_ASSIGN_OR_RETURN(schema, op->Bind(schema));
        bound->pre_shuffle.push_back(op);
        projection.push_back(Col(k.name).As(k.name));
        continue;
      }
      projection.push_back(k.expr.As(k.name));
    }
    const size_t num_keys = projection.size();
    for (size_t a = 0; a < aggs_.size(); ++a) {
      if (aggs_[a].arg) projection.push_back(aggs_[a].arg->As("__agg" + std::to_string(a)));
    }
    // A batch of no columns has no rows: with no key and no argument (a global count(*)), the
    // rows are carried by one input column that nothing reads (shared, so it costs nothing).
    if (projection.empty() && !schema.fields.empty()) {
      projection.push_back(Col(schema.fields[0].name).As("__rows"));
    }
    auto select = MakeSelect(projection);
    auto projected = select->Bind(schema);
    if (!projected.ok()) return projected.status().WithContext(Describe());
    bound->pre_shuffle.push_back(select);
    const Schema& pre = projected.value();
    for (size_t i = 0; i < num_keys; ++i) {
      bound->key_columns.push_back(i);
      bound->output_schema.fields.push_back(pre.fields[i]);
      bound->state_key.push_back({pre.fields[i].name, std::string(TypeName(pre.fields[i].type))});
    }
    size_t next_arg = num_keys;
    for (const AggSpec& spec : aggs_) {
      BoundAgg agg{spec.fn, std::nullopt};
      if (spec.arg) {
        agg.arg_column = next_arg++;
        agg.arg_type = pre.fields[*agg.arg_column].type;
      } else if (spec.fn != AggFn::kCount) {
        return Status::InvalidArgument(Describe() + ": " + std::string(AggName(spec.fn)) + " '" +
                                       spec.name + "' needs an argument");
      }
      SLUICE_ASSIGN_OR_RETURN(agg.result_type, ResultType(spec, agg));
      bound->layout.offsets.push_back(bound->layout.buffer_width);
      bound->layout.buffer_width += BufferWidth(spec.fn);
      bound->layout.aggs.push_back(agg);
      bound->output_schema.fields.push_back({spec.name, agg.result_type});
      // The function and its argument's type fix the buffer's layout in the state value.
      const std::string arg = spec.arg ? std::string(TypeName(agg.arg_type)) : "*";
      bound->state_value.push_back({spec.name, std::string(AggName(spec.fn)) + "(" + arg + ")"});
    }
    bound->layout.eviction_column = EvictionColumn(pre, bound->key_columns);
    PlanPartial(*bound);
    return std::shared_ptr<const BoundStateful>(bound);
  }

  // The keys' expressions (a window's time) and the aggregates' arguments; and an input column
  // of a window key's name, since Plan reads the window back by name and finds that column
  // first.
  std::optional<std::vector<bool>> InputColumns(const Schema& input) const override {
    std::vector<bool> read(input.fields.size(), false);
    for (const GroupKey& k : keys_) {
      if (!MarkColumnsRead(k.expr, input, read)) return std::nullopt;
      if (auto same_name = input.IndexOf(k.name); k.window && same_name) read[*same_name] = true;
    }
    for (const AggSpec& a : aggs_) {
      if (a.arg && !MarkColumnsRead(*a.arg, input, read)) return std::nullopt;
    }
    return read;
  }

 private:
  // Partial aggregation where merging partial results gives exactly what the rows give: count,
  // sum of longs (addition mod 2^64), min and max (a strict comparison keeps the first of equal
  // values, and partial rows keep the input's order). Sums of doubles would change with the
  // order of addition, and the rest have buffers of more than a value; those, and a global
  // aggregate (no shuffle), take no partial step.
  // A sum of a long or int column, into a long (Spark's buffer for both): partial sums add up to
  // the sum, in any order, as longs wrap.
  static bool IntegralSum(const BoundAgg& agg) {
    return agg.fn == AggFn::kSum &&
           (agg.arg_type == DataType::kInt64 || agg.arg_type == DataType::kInt32) &&
           agg.result_type == DataType::kInt64;
  }

  static void PlanPartial(BoundAggregate& bound) {
    if (bound.key_columns.empty()) return;
    for (const BoundAgg& agg : bound.layout.aggs) {
      if (agg.fn != AggFn::kCount && !IntegralSum(agg) && agg.fn != AggFn::kMin &&
          agg.fn != AggFn::kMax) {
        return;
      }
    }
    const size_t num_keys = bound.key_columns.size();
    for (size_t i = 0; i < num_keys; ++i) {
      bound.partial_schema.fields.push_back(bound.output_schema.fields[i]);
    }
    for (size_t a = 0; a < bound.layout.aggs.size(); ++a) {
      const BoundAgg& agg = bound.layout.aggs[a];
      const bool count = agg.fn == AggFn::kCount;
      // A count's and an integral sum's partial result is a long, which the final sums.
      const DataType type = count || IntegralSum(agg) ? DataType(DataType::kInt64) : agg.arg_type;
      bound.partial_schema.fields.push_back({"__partial" + std::to_string(a), type});
      bound.layout.merge_aggs.push_back(
          BoundAgg{count ? AggFn::kSum : agg.fn, num_keys + a, type, agg.result_type});
    }
    bound.has_partial = true;
  }

  Result<DataType> ResultType(const AggSpec& spec, const BoundAgg& agg) const {
    const bool numeric = agg.arg_type.is_numeric();
    switch (spec.fn) {
      case AggFn::kCount:
      case AggFn::kCountDistinct:
        return DataType::kInt64;
      case AggFn::kSum:
      case AggFn::kAvg:
        if (!numeric) {
          return Status::InvalidArgument(Describe() + ": " + std::string(AggName(spec.fn)) + " '" +
                                         spec.name + "' needs a numeric argument, got " +
                                         std::string(TypeName(agg.arg_type)));
        }
        if (agg.arg_type.id() == TypeId::kDecimal) {
          const DecimalSpec in{agg.arg_type.precision(), agg.arg_type.scale()};
          const DecimalSpec out = spec.fn == AggFn::kAvg ? DecimalAvgSpec(in) : DecimalSumSpec(in);
          return DataType::Decimal(out.precision, out.scale);
        }
        if (spec.fn == AggFn::kAvg || agg.arg_type.is_floating()) return DataType::kDouble;
        return DataType::kInt64;  // sum of int or long
      default:
        return agg.arg_type;
    }
  }

  std::vector<GroupKey> keys_;
  std::vector<AggSpec> aggs_;
};

}  // namespace

Result<GroupKey> MakeGroupKey(Expr expr, std::string name) {
  if (!IsWindowCall(expr.node())) return GroupKey{std::move(expr), std::move(name), std::nullopt};
  SLUICE_ASSIGN_OR_RETURN(WindowSpec spec, WindowSpecOf(expr.node()));
  return GroupKey{Expr(expr.node().args[0]), std::move(name), spec};
}

Result<AggSpec> MakeAggSpec(const NamedExpr& item) {
  const ExprNode& n = item.expr.node();
  const std::string text = item.expr.ToString();
  if (n.kind != ExprNode::Kind::kFunction || !ParseAggFn(n.function).ok()) {
    return Status::InvalidArgument("agg: " + text +
                                   " is not an aggregate (count, sum, avg, min, max, first, "
                                   "last, count_distinct)");
  }
  const AggFn fn = ParseAggFn(n.function).value();
  if (n.args.size() != 1) {
    return Status::InvalidArgument("agg: " + text + " takes one argument");
  }
  const ExprNode& arg = *n.args[0];
  const bool star = fn == AggFn::kCount && arg.kind == ExprNode::Kind::kLiteral &&
                    arg.literal == Value(std::string("*"));
  std::string name = item.name;
  if (star && name == text) name = "count(1)";
  return AggSpec{fn, star ? std::nullopt : std::optional<Expr>(Expr(n.args[0])), std::move(name)};
}

std::shared_ptr<const StatefulOperator> MakeAggregate(std::vector<GroupKey> keys,
                                                      std::vector<AggSpec> aggs) {
  return std::make_shared<Aggregate>(std::move(keys), std::move(aggs));
}

}  // namespace sluice::engine
