#include "engine/plan/column_pruning.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "engine/expr/columns_read.h"
#include "engine/ops/projection.h"
#include "engine/plan/plan_schema.h"

namespace sluice::engine {
namespace {

using NodePtr = std::shared_ptr<const PlanNode>;

class Pruner {
 public:
  // `node` rewritten to give at least the columns `needed` marks (a flag per column of its
  // output), in their order; nullptr once any schema could not be worked out.
  NodePtr Prune(const NodePtr& node, std::vector<bool> needed) {
    if (failed_) return nullptr;
    if (node->kind == PlanNode::Kind::kScan) return node;
    const std::optional<Schema> in = OutputSchemaOf(*node->input);
    if (!in) return Fail();
    auto rewritten = std::make_shared<PlanNode>(*node);
    switch (node->kind) {
      case PlanNode::Kind::kOperator: {
        const std::optional<std::vector<bool>> read = node->op->InputColumns(*in, needed);
        if (auto keeping = node->op->KeepingOnly(*in, needed)) rewritten->op = std::move(keeping);
        rewritten->input = Narrow(node->input, *in, read.value_or(All(*in)));
        break;
      }
      case PlanNode::Kind::kWatermark: {
        std::vector<bool> read = std::move(needed);  // the node passes its input on
        read[*in->IndexOf(node->watermark_column)] = true;
        rewritten->input = Narrow(node->input, *in, std::move(read));
        break;
      }
      case PlanNode::Kind::kStateful:
        rewritten->input =
            Narrow(node->input, *in, node->stateful->InputColumns(*in).value_or(All(*in)));
        break;
      default: {  // kUnion: the sides line up column by column, so both keep every column
        rewritten->input = Prune(node->input, All(*in));
        const std::optional<Schema> other = OutputSchemaOf(*node->other);
        if (!other) return Fail();
        rewritten->other = Prune(node->other, All(*other));
        break;
      }
    }
    if (failed_) return nullptr;
    if (rewritten->op == node->op && rewritten->input == node->input &&
        rewritten->other == node->other) {
      return node;  // nothing narrowed below: the plan as written
    }
    return rewritten;
  }

 private:
  static std::vector<bool> All(const Schema& s) { return std::vector<bool>(s.fields.size(), true); }

  NodePtr Fail() {
    failed_ = true;
    return nullptr;
  }

  // `input` (whose columns are `schema`) pruned to the columns `read` marks, with a select of
  // those columns above it when it still gives more.
  NodePtr Narrow(const NodePtr& input, const Schema& schema, std::vector<bool> read) {
    for (size_t i = 0; i < schema.fields.size(); ++i) {
      if (schema.fields[i].watermark_delay_us) read[i] = true;  // late-row tests look for them
    }
    if (std::find(read.begin(), read.end(), true) == read.end() && !read.empty()) read[0] = true;
    NodePtr pruned = Prune(input, read);
    if (failed_) return nullptr;
    const std::optional<Schema> gives = OutputSchemaOf(*pruned);
    if (!gives) return Fail();
    std::vector<std::string> wanted, given;  // the read columns' names, in order, and what it gives
    for (size_t i = 0; i < schema.fields.size(); ++i) {
      if (read[i]) wanted.push_back(schema.fields[i].name);
    }
    for (const Field& f : gives->fields) given.push_back(f.name);
    if (given == wanted || !HasUniqueNames(schema)) return pruned;
    // A select of the read columns by name, in the order of the input as written.
    std::vector<NamedExpr> columns;
    for (const std::string& name : wanted) columns.push_back(Col(name).As(name));
    auto select = std::make_shared<PlanNode>();
    select->kind = PlanNode::Kind::kOperator;
    select->op = MakeSelect(std::move(columns));
    select->input = std::move(pruned);
    return select;
  }

  bool failed_ = false;
};

}  // namespace

std::shared_ptr<const PlanNode> PruneColumns(const std::shared_ptr<const PlanNode>& root) {
  const std::optional<Schema> out = OutputSchemaOf(*root);
  if (!out) return root;
  Pruner pruner;
  NodePtr pruned = pruner.Prune(root, std::vector<bool>(out->fields.size(), true));
  return pruned ? pruned : root;
}

}  // namespace sluice::engine
