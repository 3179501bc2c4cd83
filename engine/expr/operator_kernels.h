// Kernels of the core operators of Fn over whole columns, with Spark's semantics (ANSI off):
// arithmetic on long or double columns (integer overflow wraps; a division by zero gives null),
// comparisons (doubles in Spark's order: NaN equals NaN and is above every other value), and
// three-valued AND / OR. A null operand gives null unless AND / OR decide; / and % by zero give
// null; integer % follows Java (MIN % -1 is 0).
//
// Each kernel computes `rows` rows. An operand holds `rows` cells, or a single cell that stands
// for every row (a literal, not copied once per row).
#pragma once

#include "engine/expr/expression.h"

namespace sluice::engine {

// `a fn b` for +, -, *, /, %, row by row, into a column of `out_type` (long or double).
// REQUIRES: each operand holds `rows` cells or one.
Column EvalArithmetic(Fn fn, const Column& a, const Column& b, DataType out_type, size_t rows);
// `a fn b` for =, !=, <, <=, >, >=: a bool column.
// REQUIRES: comparable types; each operand holds `rows` cells or one.
Column EvalComparison(Fn fn, const Column& a, const Column& b, size_t rows);
// `a fn b` for AND and OR over bool columns, in three-valued logic.
// REQUIRES: each operand holds `rows` cells or one.
Column EvalLogic(Fn fn, const Column& a, const Column& b, size_t rows);

}  // namespace sluice::engine
