// The columns a plan node gives, worked out as the compiler binds them, for the rewrites that
// run before compiling (column_pruning.h, filter_fusion.h).
//
// Rules: a union gives its left side's columns (the compiler keeps those names and may widen the
// types, which the rewrites do not look at); nullopt when a binding fails, on either side of a
// union too.
#pragma once

#include <optional>

#include "engine/plan/plan.h"

namespace sluice::engine {

std::optional<Schema> OutputSchemaOf(const PlanNode& node);

}  // namespace sluice::engine
