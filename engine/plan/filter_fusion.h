// Filter fusion: a rewrite of a plan in which an operator right above a filter takes the filter
// in (Operator::AfterFilter), so that the filter's rows are not copied only to be read once more.
// Today the static hash join does: an inner join probes the rows the condition keeps, in place,
// and copies only the columns it gives for the rows that match.
//
// Rules: the rewritten plan gives the same rows, columns and names; an operator that cannot
// take a filter in keeps it below. Runs after column pruning (column_pruning.h), whose narrowed
// filters and joins it fuses.
#pragma once

#include <memory>

#include "engine/plan/plan.h"

namespace sluice::engine {

std::shared_ptr<const PlanNode> FuseFilters(const std::shared_ptr<const PlanNode>& root);

}  // namespace sluice::engine
