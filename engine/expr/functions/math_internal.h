// Private to the math function group (math_functions.cc, math_arith_functions.cc): the
// helpers both files use.
#pragma once

#include <string>
#include <vector>

#include "engine/expr/function.h"
#include "engine/expr/functions/cell_order.h"
#include "engine/types/decimal.h"

namespace sluice::engine::math_internal {

// The spec of a decimal type.
inline DecimalSpec DecimalSpecOf(const DataType& t) { return {t.precision(), t.scale()}; }

// Refuses an argument that is not a number (the null type and untyped nulls are accepted).
inline Status CheckNumeric(const std::string& name, const std::vector<FunctionArg>& args,
                           size_t k) {
  if (args[k].type.is_numeric() || cell_order::IsUntypedNull(args[k])) return Status::Ok();
  return FunctionArgError(name, k, args[k], "must be a number");
}

// A column of `type` with a null wherever `in` is null and `emit(i, out)` elsewhere (NullWhere).
template <typename F>
Column MapRows(const Column& in, const DataType& type, F emit) {
  return NullWhere(
             in.size(), type, [&](size_t i) { return in.IsNull(i); },
             [&](size_t i, Column* out) { emit(i, *out); })
      .value();
}

// As above over two columns: null where either is null.
template <typename F>
Column MapRows2(const Column& a, const Column& b, const DataType& type, F emit) {
  return NullWhere(
             a.size(), type, [&](size_t i) { return a.IsNull(i) || b.IsNull(i); },
             [&](size_t i, Column* out) { emit(i, *out); })
      .value();
}

// Adds pmod, greatest and least (math_arith_functions.cc).
void AddMathArithFunctions(FunctionTable* table);

}  // namespace sluice::engine::math_internal
