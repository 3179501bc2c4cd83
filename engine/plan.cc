#include "engine/plan.h"

#include <optional>

namespace sluice::engine {
namespace {

struct PartialPipeline {
  Pipeline pipeline;
  Schema schema;  // output schema of the pipeline so far
};

Result<std::vector<PartialPipeline>> Compile(const PlanNode& node, CompiledPlan* plan) {
  switch (node.kind) {
    case PlanNode::Kind::kScan: {
      size_t index = plan->sources.size();
      for (size_t i = 0; i < plan->sources.size(); ++i) {
        if (plan->sources[i] == node.source) index = i;  // a self-union shares its source
      }
      if (index == plan->sources.size()) plan->sources.push_back(node.source);
      return std::vector<PartialPipeline>{{Pipeline{index, {}}, node.source->schema()}};
    }
    case PlanNode::Kind::kOperator: {
      SLUICE_ASSIGN_OR_RETURN(std::vector<PartialPipeline> parts, Compile(*node.input, plan));
      for (PartialPipeline& p : parts) {
        SLUICE_ASSIGN_OR_RETURN(p.schema, node.op->Bind(p.schema));
        p.pipeline.ops.push_back(node.op);
      }
      return parts;
    }
    case PlanNode::Kind::kUnion: {
      SLUICE_ASSIGN_OR_RETURN(std::vector<PartialPipeline> left, Compile(*node.input, plan));
      SLUICE_ASSIGN_OR_RETURN(std::vector<PartialPipeline> right, Compile(*node.other, plan));
      const Schema& names = left.front().schema;
      for (PartialPipeline& p : right) {
        bool same_types = p.schema.fields.size() == names.fields.size();
        for (size_t i = 0; same_types && i < names.fields.size(); ++i) {
          same_types = p.schema.fields[i].type == names.fields[i].type;
        }
        if (!same_types) {
          return Status::InvalidArgument("union: the sides have different columns: " +
                                         names.Describe() + " and " + p.schema.Describe());
        }
        if (!(p.schema == names)) {
          p.pipeline.ops.push_back(MakeRename(names));
          p.schema = names;
        }
        left.push_back(std::move(p));
      }
      return left;
    }
  }
  return Status::InvalidArgument("unknown plan node");
}

}  // namespace

Result<CompiledPlan> CompilePlan(const std::shared_ptr<const PlanNode>& root) {
  SLUICE_CHECK(root != nullptr, "a plan has a root");
  CompiledPlan plan;
  SLUICE_ASSIGN_OR_RETURN(std::vector<PartialPipeline> parts, Compile(*root, &plan));
  SLUICE_CHECK(!parts.empty(), "a plan has at least one scan");
  plan.output_schema = parts.front().schema;
  for (PartialPipeline& p : parts) plan.pipelines.push_back(std::move(p.pipeline));
  return plan;
}

Result<RecordBatch> ExecutePlan(const CompiledPlan& plan, const BatchInput& input,
                                Scheduler& scheduler) {
  SLUICE_CHECK(input.size() == plan.sources.size(), "input for every source");
  struct Slot {
    const Pipeline* pipeline;
    const RecordBatch* rows;
    std::optional<Result<RecordBatch>> out;
  };
  std::vector<Slot> slots;
  for (const Pipeline& p : plan.pipelines) {
    for (const RecordBatch& part : input[p.source_index]) slots.push_back({&p, &part, {}});
  }
  std::vector<std::function<void()>> tasks;
  tasks.reserve(slots.size());
  for (Slot& slot : slots) {
    tasks.emplace_back([&slot] {
      Result<RecordBatch> current = *slot.rows;
      for (const auto& op : slot.pipeline->ops) {
        if (!current.ok()) break;
        current = op->Apply(current.value());
      }
      slot.out.emplace(std::move(current));
    });
  }
  scheduler.RunAll(tasks);
  RecordBatch out(plan.output_schema);
  for (Slot& slot : slots) {
    SLUICE_CHECK(slot.out.has_value(), "the scheduler ran every task");
    if (!slot.out->ok()) return slot.out->status();
    out.AppendBatch(slot.out->value());
  }
  return out;
}

}  // namespace sluice::engine
