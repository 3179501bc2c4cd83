// window(time, duration[, slide[, start_time]]) as an expression, as Spark writes it.
//
// Rules: a window call is a call of the registry's `window` whose interval arguments are string
// literals ("10 seconds"; a null slide is a tumbling window). It is computed by the select that
// holds it (one distinct window per select, which repeats each row once per window that holds
// its time) or by a grouping key; anywhere else Bind refuses it.
#pragma once

#include <optional>
#include <string>

#include "engine/expr/expression.h"
#include "engine/types/window_spec.h"

namespace sluice::engine {

Expr WindowCall(Expr time, std::string duration, std::optional<std::string> slide = std::nullopt,
                std::optional<std::string> start = std::nullopt);

// Whether `node` is a call of `window`.
bool IsWindowCall(const ExprNode& node);

// The spec a window call's literals give, or an error naming the bad argument.
// REQUIRES: IsWindowCall(node).
Result<WindowSpec> WindowSpecOf(const ExprNode& node);

}  // namespace sluice::engine
