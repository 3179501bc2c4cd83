#include "engine/plan.h"

#include <optional>

#include "engine/row_codec.h"

namespace sluice::engine {
namespace {

struct Partial {
  Stage stage;
  Schema schema;
  bool watermarked = false;         // a with_watermark node is upstream
  bool aggregation_upstream = false;
};

struct Compiler {
  CompiledPlan* plan;
  std::vector<bool> after_aggregation;  // per stateful operator

  Result<Partial> Compile(const PlanNode& node) {
    switch (node.kind) {
      case PlanNode::Kind::kScan: {
        size_t index = plan->sources.size();
        for (size_t i = 0; i < plan->sources.size(); ++i) {
          if (plan->sources[i] == node.source) index = i;  // a self-union shares its source
        }
        if (index == plan->sources.size()) plan->sources.push_back(node.source);
        Partial p;
        p.stage.kind = Stage::Kind::kSource;
        p.stage.source_index = index;
        p.schema = node.source->schema();
        return p;
      }
      case PlanNode::Kind::kOperator: {
        SLUICE_ASSIGN_OR_RETURN(Partial p, Compile(*node.input));
        SLUICE_ASSIGN_OR_RETURN(p.schema, node.op->Bind(p.schema));
        p.stage.steps.push_back({node.op});
        return p;
      }
      case PlanNode::Kind::kWatermark: return CompileWatermark(node);
      case PlanNode::Kind::kUnion: {
        SLUICE_ASSIGN_OR_RETURN(Partial left, Compile(*node.input));
        SLUICE_ASSIGN_OR_RETURN(Partial right, Compile(*node.other));
        const Schema& names = left.schema;
        bool same_types = right.schema.fields.size() == names.fields.size();
        for (size_t i = 0; same_types && i < names.fields.size(); ++i) {
          same_types = right.schema.fields[i].type == names.fields[i].type;
        }
        if (!same_types) {
          return Status::InvalidArgument("union: the sides have different columns: " +
                                         names.Describe() + " and " + right.schema.Describe());
        }
        if (!(right.schema == names)) right.stage.steps.push_back({MakeRename(names)});
        Partial p;
        p.stage.kind = Stage::Kind::kUnion;
        p.stage.inputs.push_back(std::move(left.stage));
        p.stage.inputs.push_back(std::move(right.stage));
        p.schema = names;
        p.watermarked = left.watermarked || right.watermarked;
        p.aggregation_upstream = left.aggregation_upstream || right.aggregation_upstream;
        return p;
      }
      case PlanNode::Kind::kStateful: {
        SLUICE_ASSIGN_OR_RETURN(Partial child, Compile(*node.input));
        auto bound = node.stateful->Plan(child.schema);
        if (!bound.ok()) return bound.status();
        const BoundStateful& op = *bound.value();
        for (const auto& pre : op.pre_shuffle) {
          SLUICE_ASSIGN_OR_RETURN(child.schema, pre->Bind(child.schema));
          child.stage.steps.push_back({pre});
        }
        Partial p;
        p.stage.kind = Stage::Kind::kStateful;
        p.stage.stateful_index = static_cast<int>(plan->stateful.size());
        p.stage.inputs.push_back(std::move(child.stage));
        p.schema = op.output_schema;
        p.watermarked = child.watermarked;
        p.aggregation_upstream = child.aggregation_upstream || op.IsAggregation();
        plan->stateful.push_back(bound.value());
        after_aggregation.push_back(child.aggregation_upstream);
        return p;
      }
    }
    return Status::InvalidArgument("unknown plan node");
  }

  Result<Partial> CompileWatermark(const PlanNode& node) {
    const std::string what = "with_watermark('" + node.watermark_column + "', '" +
                             node.watermark_delay_text + "')";
    if (node.watermark_delay_us < 0) {
      return Status::InvalidArgument(what + ": delay threshold (" + node.watermark_delay_text +
                                     ") should not be negative.");
    }
    SLUICE_ASSIGN_OR_RETURN(Partial p, Compile(*node.input));
    auto column = p.schema.IndexOf(node.watermark_column);
    if (!column) {
      return Status::InvalidArgument(what + ": cannot resolve column '" + node.watermark_column +
                                     "' among " + p.schema.Describe());
    }
    if (p.schema.fields[*column].type != DataType::kTimestamp) {
      return Status::InvalidArgument(
          what + ": event time must be defined on a window or a timestamp, but '" +
          node.watermark_column + "' is of type " +
          std::string(TypeName(p.schema.fields[*column].type)));
    }
    if (p.watermarked) {
      return Status::InvalidArgument(
          "Redefining watermark is disallowed: " + what + " is downstream of another "
          "with_watermark on the same input. Define one watermark per input");
    }
    for (Field& f : p.schema.fields) f.watermark_delay_us.reset();
    p.schema.fields[*column].watermark_delay_us = node.watermark_delay_us;
    p.watermarked = true;
    const int index = static_cast<int>(plan->watermarks.size());
    plan->watermarks.push_back({node.watermark_column, node.watermark_delay_us});
    p.stage.steps.push_back({nullptr, index, *column});
    return p;
  }
};

struct Executor {
  const CompiledPlan& plan;
  const BatchInput& input;
  const ExecutionContext& ctx;
  ExecutionResult* result;

  // One partition through a stage's steps; event times go to `stats` (one per watermark node).
  Result<RecordBatch> RunSteps(const Stage& stage, RecordBatch rows,
                               std::vector<EventTimeStats>* stats) const {
    for (const StageStep& step : stage.steps) {
      if (step.op) {
        SLUICE_ASSIGN_OR_RETURN(rows, step.op->Apply(rows));
        continue;
      }
      const Column& times = rows.column(step.event_time_column);
      EventTimeStats& s = (*stats)[step.watermark_node];
      for (size_t r = 0; r < times.size(); ++r) {
        if (!times.IsNull(r)) s.Add(times.Int(r) / 1000);
      }
    }
    return rows;
  }

  Result<std::vector<RecordBatch>> Shuffle(const BoundStateful& op,
                                           const std::vector<RecordBatch>& parts) const {
    const size_t n = static_cast<size_t>(ctx.shuffle_partitions);
    std::vector<RecordBatch> out;
    Schema schema = parts.empty() ? Schema{} : parts.front().schema();
    std::vector<std::vector<RecordBatch>> pieces(n);
    for (const RecordBatch& part : parts) {
      std::vector<std::vector<uint32_t>> rows(n);
      for (size_t r = 0; r < part.num_rows(); ++r) {
        const size_t p = op.key_columns.empty()
                             ? 0
                             : StableHash(EncodeKey(part, r, op.key_columns)) % n;
        rows[p].push_back(static_cast<uint32_t>(r));
      }
      for (size_t p = 0; p < n; ++p) {
        if (!rows[p].empty()) pieces[p].push_back(part.Take(rows[p]));
      }
    }
    for (size_t p = 0; p < n; ++p) out.push_back(Concat(schema, pieces[p]));
    return out;
  }

  Result<std::vector<RecordBatch>> Eval(const Stage& stage) const {
    std::vector<RecordBatch> parts;
    switch (stage.kind) {
      case Stage::Kind::kSource: parts = input[stage.source_index]; break;
      case Stage::Kind::kUnion:
        for (const Stage& in : stage.inputs) {
          SLUICE_ASSIGN_OR_RETURN(std::vector<RecordBatch> more, Eval(in));
          for (RecordBatch& b : more) parts.push_back(std::move(b));
        }
        break;
      case Stage::Kind::kStateful: {
        SLUICE_ASSIGN_OR_RETURN(std::vector<RecordBatch> child, Eval(stage.inputs.front()));
        const int id = stage.stateful_index;
        const BoundStateful& op = *plan.stateful[id];
        SLUICE_ASSIGN_OR_RETURN(std::vector<RecordBatch> shuffled, Shuffle(op, child));
        std::vector<std::optional<RecordBatch>> outs(shuffled.size());
        std::vector<StateOperatorProgress> metrics(shuffled.size());
        SLUICE_RETURN_IF_ERROR(RunTasks(*ctx.scheduler, shuffled.size(), [&](size_t p) -> Status {
          storage::StateStore* store = ctx.store(id, static_cast<int>(p));
          SLUICE_RETURN_IF_ERROR(store->Load(ctx.stateful.batch_id));
          StatefulContext c = ctx.stateful;
          c.partition = static_cast<int>(p);
          auto out = op.Run(shuffled[p], *store, c, &metrics[p]);
          if (!out.ok()) return out.status().WithContext(op.Describe());
          metrics[p].num_rows_total = static_cast<int64_t>(store->NumKeys());
          metrics[p].memory_used_bytes = store->MemoryBytes();
          outs[p] = std::move(out.value());
          return Status::Ok();
        }));
        for (size_t p = 0; p < outs.size(); ++p) {
          AddStateCounters(metrics[p], &result->state[id]);
          parts.push_back(std::move(*outs[p]));
        }
        break;
      }
    }
    if (stage.steps.empty()) return parts;
    std::vector<std::optional<RecordBatch>> outs(parts.size());
    std::vector<std::vector<EventTimeStats>> stats(parts.size(),
                                                   std::vector<EventTimeStats>(plan.watermarks.size()));
    SLUICE_RETURN_IF_ERROR(RunTasks(*ctx.scheduler, parts.size(), [&](size_t p) -> Status {
      SLUICE_ASSIGN_OR_RETURN(RecordBatch out, RunSteps(stage, std::move(parts[p]), &stats[p]));
      outs[p] = std::move(out);
      return Status::Ok();
    }));
    std::vector<RecordBatch> done;
    for (size_t p = 0; p < outs.size(); ++p) {
      for (size_t w = 0; w < plan.watermarks.size(); ++w) result->event_time[w].Merge(stats[p][w]);
      done.push_back(std::move(*outs[p]));
    }
    return done;
  }
};

}  // namespace

Result<CompiledPlan> CompilePlan(const std::shared_ptr<const PlanNode>& root) {
  SLUICE_CHECK(root != nullptr, "a plan has a root");
  CompiledPlan plan;
  Compiler compiler{&plan, {}};
  SLUICE_ASSIGN_OR_RETURN(Partial p, compiler.Compile(*root));
  plan.root = std::move(p.stage);
  plan.stateful_after_aggregation = std::move(compiler.after_aggregation);
  plan.output_schema = std::move(p.schema);
  return plan;
}

Status CheckOutputMode(const CompiledPlan& plan, OutputMode mode) {
  const std::string m(OutputModeName(mode));
  std::vector<const BoundStateful*> aggregations;
  for (const auto& op : plan.stateful) {
    if (op->IsAggregation()) aggregations.push_back(op.get());
  }
  if (mode == OutputMode::kComplete && aggregations.empty()) {
    return Status::InvalidArgument(
        "Complete output mode not supported when there are no streaming aggregations on "
        "streaming DataFrames/Datasets: the query has no aggregation (use append or update)");
  }
  for (const BoundStateful* agg : aggregations) {
    if (mode == OutputMode::kAppend && !agg->EvictsByWatermark(mode)) {
      return Status::InvalidArgument(
          "Append output mode not supported when there are streaming aggregations on streaming "
          "DataFrames/DataSets without watermark: " + agg->Describe() + " has no grouping key "
          "with a watermark (group by a watermarked column or a window of one, or use update or "
          "complete mode)");
    }
  }
  if (aggregations.size() > 1 && mode != OutputMode::kAppend) {
    return Status::InvalidArgument("Multiple streaming aggregations are not supported with " + m +
                                   " output mode: " + aggregations.back()->Describe() +
                                   " follows another aggregation (use append with a watermark)");
  }
  for (size_t i = 0; i < plan.stateful.size() && mode != OutputMode::kAppend; ++i) {
    // An aggregation re-emits a group as it changes; an operator after it would see each
    // version as a new row.
    if (plan.stateful_after_aggregation[i]) {
      return Status::InvalidArgument(plan.stateful[i]->Describe() + " follows a streaming "
                                     "aggregation, which is not supported in " + m +
                                     " output mode (use append with a watermark)");
    }
  }
  return Status::Ok();
}

Result<ExecutionResult> ExecutePlan(const CompiledPlan& plan, const BatchInput& input,
                                    const ExecutionContext& ctx) {
  SLUICE_CHECK(input.size() == plan.sources.size(), "input for every source");
  ExecutionResult result{RecordBatch(plan.output_schema),
                         std::vector<EventTimeStats>(plan.watermarks.size()),
                         std::vector<StateOperatorProgress>(plan.stateful.size())};
  Executor executor{plan, input, ctx, &result};
  SLUICE_ASSIGN_OR_RETURN(std::vector<RecordBatch> parts, executor.Eval(plan.root));
  for (const RecordBatch& part : parts) result.output.AppendBatch(part);
  return result;
}

}  // namespace sluice::engine
