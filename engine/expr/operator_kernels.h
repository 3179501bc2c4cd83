// Kernels of the core operators of Fn over whole columns, with Spark's semantics (ANSI off):
// arithmetic on long or double columns (integer overflow wraps; a division by zero gives null),
// comparisons, and three-valued AND / OR. A null operand gives null unless AND / OR decide.
#pragma once

#include "engine/expr/expression.h"

namespace sluice::engine {

// `a fn b` for +, -, *, /, %, row by row, into a column of `out_type` (long or double).
// REQUIRES: a and b have the same length.
Column EvalArithmetic(Fn fn, const Column& a, const Column& b, DataType out_type);
// `a fn b` for =, !=, <, <=, >, >=: a bool column. REQUIRES: comparable types, same length.
Column EvalComparison(Fn fn, const Column& a, const Column& b);
// `a fn b` for AND and OR over bool columns, in three-valued logic.
Column EvalLogic(Fn fn, const Column& a, const Column& b);

}  // namespace sluice::engine
