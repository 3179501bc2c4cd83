// Filter: where(condition), which keeps the rows whose condition is true (not false or null).
#pragma once

#include <memory>

#include "engine/expr/expression.h"
#include "engine/ops/operator.h"

namespace sluice::engine {

// Binding fails unless `condition` is a bool expression over the input columns.
std::shared_ptr<const Operator> MakeWhere(Expr condition);

}  // namespace sluice::engine
