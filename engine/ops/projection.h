// Projections: select, with_column and rename, which compute each output column from the input
// columns of the same row and keep the row count.
//
// Rules: an output column keeps its input column's watermark tag only when it is a plain
// reference to that column (WatermarkDelayOf).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/expr/expression.h"
#include "engine/ops/operator.h"

namespace sluice::engine {

// The watermark tag of an expression's output column `output_name`: a plain column reference
// keeps its column's, except a struct field given a plain name.
std::optional<int64_t> WatermarkDelayOf(const Expr& expr, const Schema& input,
                                        const std::string& output_name);

std::shared_ptr<const Operator> MakeSelect(std::vector<NamedExpr> items);
// Adds the column `name`, or replaces it where the input has it.
std::shared_ptr<const Operator> MakeWithColumn(std::string name, Expr expr);
// Renames columns by position (the right side of a union takes the left side's names).
std::shared_ptr<const Operator> MakeRename(Schema names);

}  // namespace sluice::engine
