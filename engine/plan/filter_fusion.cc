#include "engine/plan/filter_fusion.h"

#include "engine/plan/plan_schema.h"

namespace sluice::engine {

std::shared_ptr<const PlanNode> FuseFilters(const std::shared_ptr<const PlanNode>& root) {
  if (root->kind == PlanNode::Kind::kScan) return root;
  auto rewritten = std::make_shared<PlanNode>(*root);
  rewritten->input = FuseFilters(root->input);
  if (root->other) rewritten->other = FuseFilters(root->other);
  const PlanNode& below = *rewritten->input;
  if (root->kind == PlanNode::Kind::kOperator && below.kind == PlanNode::Kind::kOperator) {
    if (const std::optional<Expr> condition = below.op->FilterCondition()) {
      const std::optional<Schema> input = OutputSchemaOf(*below.input);
      const std::optional<Schema> filtered = OutputSchemaOf(below);
      if (input && filtered) {
        if (auto fused = root->op->AfterFilter(*condition, *input, *filtered)) {
          rewritten->op = std::move(fused);
          rewritten->input = below.input;
        }
      }
    }
  }
  if (rewritten->op == root->op && rewritten->input == root->input &&
      rewritten->other == root->other) {
    return root;  // nothing fused below: the plan as it was
  }
  return rewritten;
}

}  // namespace sluice::engine
