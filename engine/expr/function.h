// Functions by name: the registry of Spark's SQL functions, each a binder that checks its
// arguments' types once and returns the result type and a kernel over whole columns.
//
// Rules: a binder refuses an argument it does not accept with an InvalidArgument naming the
// function and the argument (FunctionArgError); an argument Spark requires to be a literal (a
// pattern, a schema, a JSON path) is read from FunctionArg::literal at bind time. A kernel gets
// one column per argument (borrowed: ArgColumns), all of `rows` rows (save a literal its binder
// took at bind time: see BoundFunction::literals_taken_at_bind), and returns one column of the
// bound type with `rows` rows; it never sees a per-row Value. Functions follow Spark's null
// handling: unless a function's comment says otherwise, a null argument gives a null result.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/expr/arg_columns.h"
#include "engine/expr/eval_context.h"
#include "engine/types/column.h"
#include "storage/status.h"

namespace sluice::engine {

// One argument of a call, as its binder sees it.
struct FunctionArg {
  DataType type;
  std::optional<Value> literal;  // set when the argument is a literal (null literals included)
  bool is_literal = false;
  // The last part of a column reference's name (`b` for `a.b`), when the argument is one: the
  // name `struct(...)` gives its field.
  std::optional<std::string> column = std::nullopt;
};

using FunctionKernel = std::function<Result<Column>(const ArgColumns& args, size_t rows)>;
// A kernel of a function without arguments that reads the evaluation context (current_timestamp).
using ContextKernel = std::function<Result<Column>(const EvalContext& ctx, size_t rows)>;

struct BoundFunction {
  DataType type;
  FunctionKernel kernel;
  // Set by a binder whose call with literal arguments may be evaluated once at bind time
  // (schema_of_json): such a call, as another call's argument, reaches that binder as a literal.
  bool foldable = false;
  // Bit k set by a binder whose kernel never reads argument k, having taken its literal value at
  // bind time (a schema, options): the evaluator passes that argument, when it is a literal, as
  // an empty column of its type instead of one copy of the value per row.
  uint64_t literals_taken_at_bind = 0;
  // Set instead of `kernel` by a function whose value comes from the evaluation context.
  ContextKernel context_kernel = nullptr;
};

using FunctionBinder =
    std::function<Result<BoundFunction>(const std::string& name, const std::vector<FunctionArg>&)>;

// The binder of the function `name` (Spark's lower-case name), or null when there is none.
const FunctionBinder* FindFunction(std::string_view name);

// "function NAME: argument N (TYPE) WHAT", N 1-based.
Status FunctionArgError(const std::string& name, size_t index, const FunctionArg& arg,
                        const std::string& what);
// Refuses a call with fewer than `min` or more than `max` arguments.
Status CheckArgCount(const std::string& name, const std::vector<FunctionArg>& args, size_t min,
                     size_t max);
// Refuses an argument that is not a literal of a non-null value.
Status RequireLiteral(const std::string& name, const std::vector<FunctionArg>& args, size_t i);

// Spark's ImplicitTypeCasts for a function whose arguments `indices` take numbers: a string there
// is cast to a double (a malformed one is null), and `binder` sees a double argument.
FunctionBinder StringsAsDoubles(FunctionBinder binder, std::vector<size_t> indices);

// A function group adds its binders here (engine/expr/functions/*.cc).
using FunctionTable = std::vector<std::pair<std::string, FunctionBinder>>;
void AddStringFunctions(FunctionTable* table);
void AddMathFunctions(FunctionTable* table);
void AddConditionalFunctions(FunctionTable* table);
void AddDatetimeFunctions(FunctionTable* table);
void AddHashFunctions(FunctionTable* table);
void AddNestedFunctions(FunctionTable* table);
void AddJsonFunctions(FunctionTable* table);
void AddBatchTimeFunctions(FunctionTable* table);
void AddAggregateNames(FunctionTable* table);
// Called from AddJsonFunctions.
void AddCsvFunctions(FunctionTable* table);
void AddSchemaOfJsonFunctions(FunctionTable* table);

// Kernel helpers: whether any of `args` is null at `row`.
inline bool AnyNull(const ArgColumns& args, size_t row) {
  for (const Column& c : args) {
    if (c.IsNull(row)) return true;
  }
  return false;
}

// The kernel loop of most functions: a column of `type` and `rows` rows with null where
// `is_null(i)`, and `row(i, &out)` appending row i's value everywhere else. `row` returns void, or
// a Status whose error stops the kernel.
template <typename IsNullFn, typename RowFn>
Result<Column> NullWhere(size_t rows, const DataType& type, IsNullFn&& is_null, RowFn&& row) {
  Column out(type);
  out.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    if (is_null(i)) {
      out.AppendNull();
    } else if constexpr (std::is_same_v<decltype(row(i, &out)), Status>) {
      SLUICE_RETURN_IF_ERROR(row(i, &out));
    } else {
      row(i, &out);
    }
  }
  return out;
}

// NullWhere for Spark's usual rule: null where any argument is null.
template <typename RowFn>
Result<Column> NullIfAnyNull(const ArgColumns& args, size_t rows, const DataType& type,
                             RowFn&& row) {
  return NullWhere(
      rows, type, [&](size_t i) { return AnyNull(args, i); }, std::forward<RowFn>(row));
}

}  // namespace sluice::engine
