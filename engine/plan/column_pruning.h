// Column pruning: a rewrite of a plan so that its operators build only the columns that something
// above them reads (Spark's ColumnPruning rule).
//
// Walking down from the root, which needs every column it gives, each node learns which of its
// output columns are needed and asks its operator which input columns those take
// (Operator::InputColumns, StatefulOperator::InputColumns). An operator that can leave out
// columns it would otherwise copy (Operator::KeepingOnly: a filter's, a join's) is replaced by
// one that does. Where a node's input gives columns it does not read, a select of the columns it
// reads goes in between: a select of columns shares them, so it costs nothing, and operators
// below it then build less.
//
// Rules: the rewritten plan gives the same columns, rows and order as the plan as written.
// Columns that carry a watermark are always kept; an input never narrows to no columns (a batch
// of no columns has no rows); the sides of a union keep every column; no input is narrowed by
// name where two of its columns share a name. When a schema cannot be worked out, the plan is
// left as written, and compiling it reports the error; CompilePlan also runs the plan as written
// should the pruned one not bind to the same output.
#pragma once

#include <memory>

#include "engine/plan/plan.h"

namespace sluice::engine {

std::shared_ptr<const PlanNode> PruneColumns(const std::shared_ptr<const PlanNode>& root);

}  // namespace sluice::engine
