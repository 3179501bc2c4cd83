#include "engine/ops/projection.h"
#include "engine/ops/window.h"
#include "engine/plan/column_pruning.h"
#include "engine/plan/compiled_plan.h"
#include "engine/plan/filter_fusion.h"
#include "engine/types/type_coercion.h"

namespace sluice::engine {
namespace {

// Casts each column of a union's sides to the two sides' common type (Spark's
// WidenSetOperationTypes); sides without one are refused.
template <typename Side>
Status WidenUnionSides(Side* left, Side* right) {
  const Schema& a = left->schema;
  const Schema& b = right->schema;
  if (a.fields.size() != b.fields.size()) {
    return Status::InvalidArgument("union: the sides have different columns: " + a.Describe() +
                                   " and " + b.Describe());
  }
  std::vector<DataType> wider;
  for (size_t i = 0; i < a.fields.size(); ++i) {
    std::optional<DataType> t = WiderCommonType({a.fields[i].type, b.fields[i].type});
    if (!t) {
      return Status::InvalidArgument("union: column " + std::to_string(i + 1) + " is " +
                                     TypeName(a.fields[i].type) + " on one side and " +
                                     TypeName(b.fields[i].type) + " on the other: " + a.Describe() +
                                     " and " + b.Describe());
    }
    wider.push_back(*t);
  }
  for (Side* side : {left, right}) {
    std::vector<NamedExpr> items;
    bool changed = false;
    for (size_t i = 0; i < wider.size(); ++i) {
      const Field& f = side->schema.fields[i];
      changed = changed || !(f.type == wider[i]);
      items.push_back(f.type == wider[i] ? Col(f.name).As(f.name)
                                         : Col(f.name).Cast(wider[i]).As(f.name));
    }
    if (!changed) continue;
    auto select = MakeSelect(std::move(items));
    SLUICE_ASSIGN_OR_RETURN(side->schema, select->Bind(side->schema));
    side->stage.steps.push_back({select});
  }
  return Status::Ok();
}

struct Partial {
  Stage stage;
  Schema schema;
  bool watermarked = false;  // a with_watermark node is upstream
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
      case PlanNode::Kind::kWatermark:
        return CompileWatermark(node);
      case PlanNode::Kind::kUnion: {
        SLUICE_ASSIGN_OR_RETURN(Partial left, Compile(*node.input));
        SLUICE_ASSIGN_OR_RETURN(Partial right, Compile(*node.other));
        SLUICE_RETURN_IF_ERROR(WidenUnionSides(&left, &right));
        const Schema& names = left.schema;
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
    const std::string what =
        "with_watermark('" + node.watermark_column + "', '" + node.watermark_delay_text + "')";
    if (!node.watermark_delay_error.empty()) {
      return Status::InvalidArgument(what + ": " + node.watermark_delay_error);
    }
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
    const DataType& event_time = p.schema.fields[*column].type;
    if (event_time != DataType::kTimestamp && event_time != WindowType()) {
      return Status::InvalidArgument(
          what + ": event time must be defined on a window or a timestamp, but '" +
          node.watermark_column + "' is of type " +
          std::string(TypeName(p.schema.fields[*column].type)));
    }
    if (p.watermarked) {
      return Status::InvalidArgument(
          "Redefining watermark is disallowed: " + what +
          " is downstream of another "
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

// The plan as `root` has it, bound.
Result<CompiledPlan> CompileAsWritten(const std::shared_ptr<const PlanNode>& root) {
  CompiledPlan plan;
  Compiler compiler{&plan, {}};
  SLUICE_ASSIGN_OR_RETURN(Partial p, compiler.Compile(*root));
  plan.root = std::move(p.stage);
  plan.stateful_after_aggregation = std::move(compiler.after_aggregation);
  plan.output_schema = std::move(p.schema);
  return plan;
}

}  // namespace

Result<CompiledPlan> CompilePlan(const std::shared_ptr<const PlanNode>& root) {
  SLUICE_CHECK(root != nullptr, "a plan has a root");
  // The plan as written is checked first, so that its errors are the ones reported.
  SLUICE_ASSIGN_OR_RETURN(CompiledPlan plan, CompileAsWritten(root));
  const std::shared_ptr<const PlanNode> rewritten = FuseFilters(PruneColumns(root));
  if (rewritten == root) return plan;
  // The rewrites keep what the plan reads and gives; should they ever fall short, the plan runs
  // as written.
  Result<CompiledPlan> narrowed = CompileAsWritten(rewritten);
  if (!narrowed.ok() || !(narrowed.value().output_schema == plan.output_schema)) return plan;
  return narrowed;
}

}  // namespace sluice::engine
