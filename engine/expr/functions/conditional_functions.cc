// The conditional functions of Spark SQL (engine/expr/function.h): when, if, nullif, isnull,
// isnotnull, in. (coalesce is a core operator, Fn::kCoalesce.)
#include "engine/expr/function.h"
#include "engine/expr/functions/cell_order.h"

namespace sluice::engine {
namespace {

using cell_order::CheckCastable;
using cell_order::CommonType;
using cell_order::CompareCells;
using cell_order::Converted;
using cell_order::IsOrderable;
using cell_order::IsUntypedNull;

// Whether each argument is an untyped null.
std::vector<bool> UntypedNulls(const std::vector<FunctionArg>& args) {
  std::vector<bool> out;
  for (const FunctionArg& a : args) out.push_back(IsUntypedNull(a));
  return out;
}

// when(c1, v1, ..., [else]) and if(c, a, b): the first branch whose condition is true (a null
// condition counts as false) gives the value; without one, the else value or null.
Result<BoundFunction> BindCaseWhen(const std::string& name, const std::vector<FunctionArg>& args,
                                   bool has_else) {
  const size_t branches = args.size() / 2;
  std::vector<size_t> values;
  for (size_t b = 0; b < branches; ++b) {
    const FunctionArg& cond = args[2 * b];
    if (cond.type != DataType::kBool && !IsUntypedNull(cond)) {
      return FunctionArgError(name, 2 * b, cond, "must be a bool condition");
    }
    values.push_back(2 * b + 1);
  }
  if (has_else) values.push_back(args.size() - 1);
  SLUICE_ASSIGN_OR_RETURN(const DataType type, CommonType(name, args, values, true));
  for (size_t k : values) SLUICE_RETURN_IF_ERROR(CheckCastable(name, args, k, type));
  const std::vector<bool> untyped = UntypedNulls(args);
  FunctionKernel kernel = [type, values, untyped, branches, has_else](
                              const ArgColumns& cols, size_t rows) -> Result<Column> {
    const Converted v(cols, untyped, values, type);
    Column out(type);
    out.Reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      size_t b = 0;
      while (b < branches) {
        const Column& c = cols[2 * b];
        if (!untyped[2 * b] && !c.IsNull(i) && c.Bool(i)) break;
        ++b;
      }
      if (b < branches || has_else) {
        out.AppendFrom(v[b], i);
      } else {
        out.AppendNull();
      }
    }
    return out;
  };
  return BoundFunction{type, std::move(kernel)};
}

Result<BoundFunction> BindWhen(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, SIZE_MAX));
  return BindCaseWhen(name, args, args.size() % 2 == 1);
}

Result<BoundFunction> BindIf(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 3, 3));
  return BindCaseWhen(name, args, true);
}

// Refuses an argument whose values Spark cannot compare.
Status CheckOrderable(const std::string& name, const std::vector<FunctionArg>& args,
                      const DataType& common) {
  if (IsOrderable(common)) return Status::Ok();
  for (size_t k = 0; k < args.size(); ++k) {
    if (!IsOrderable(args[k].type)) return FunctionArgError(name, k, args[k], "cannot be compared");
  }
  return FunctionArgError(name, 0, args[0], "cannot be compared");
}

// nullif(a, b): null when a equals b (compared in their common type), else a; a's type.
Result<BoundFunction> BindNullIf(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
  // Spark's NullIf is If(EqualTo(a, b), NULL, a): the operands compare as EqualTo casts them.
  const std::optional<DataType> compared = ComparisonType(args[0].type, args[1].type, true);
  if (!compared) {
    return FunctionArgError(name, 1, args[1], "cannot be compared with " + TypeName(args[0].type));
  }
  const DataType common = *compared;
  SLUICE_RETURN_IF_ERROR(CheckOrderable(name, args, common));
  for (size_t k = 0; k < 2; ++k) SLUICE_RETURN_IF_ERROR(CheckCastable(name, args, k, common));
  const std::vector<bool> untyped = UntypedNulls(args);
  const DataType type = args[0].type;
  FunctionKernel kernel = [type, common, untyped](const ArgColumns& cols,
                                                  size_t rows) -> Result<Column> {
    const Converted v(cols, untyped, {0, 1}, common);
    Column out(type);
    out.Reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      const bool equal = !v[0].IsNull(i) && !v[1].IsNull(i) && CompareCells(v[0], i, v[1], i) == 0;
      equal ? out.AppendNull() : out.AppendFrom(cols[0], i);
    }
    return out;
  };
  return BoundFunction{type, std::move(kernel)};
}

// isnull(e), isnotnull(e): bool, never null.
FunctionBinder NullTest(bool want_null) {
  return [want_null](const std::string& name,
                     const std::vector<FunctionArg>& args) -> Result<BoundFunction> {
    SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
    FunctionKernel kernel = [want_null](const ArgColumns& cols, size_t rows) -> Result<Column> {
      Column out(DataType::kBool);
      out.Reserve(rows);
      for (size_t i = 0; i < rows; ++i) out.AppendBool(cols[0].IsNull(i) == want_null);
      return out;
    };
    return BoundFunction{DataType::kBool, std::move(kernel)};
  };
}

// in(value, v1, ...): true when value equals some v (in the common type); otherwise null when
// value or any v is null, else false.
Result<BoundFunction> BindIn(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, SIZE_MAX));
  const std::vector<size_t> all = cell_order::AllIndices(args.size());
  SLUICE_ASSIGN_OR_RETURN(const DataType common, CommonType(name, args, all, true));
  SLUICE_RETURN_IF_ERROR(CheckOrderable(name, args, common));
  for (size_t k : all) SLUICE_RETURN_IF_ERROR(CheckCastable(name, args, k, common));
  const std::vector<bool> untyped = UntypedNulls(args);
  FunctionKernel kernel = [common, untyped, all](const ArgColumns& cols,
                                                 size_t rows) -> Result<Column> {
    const Converted v(cols, untyped, all, common);
    Column out(DataType::kBool);
    out.Reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      if (v[0].IsNull(i)) {
        out.AppendNull();
        continue;
      }
      bool found = false, saw_null = false;
      for (size_t k = 1; k < v.size() && !found; ++k) {
        if (v[k].IsNull(i)) {
          saw_null = true;
        } else {
          found = CompareCells(v[0], i, v[k], i) == 0;
        }
      }
      (!found && saw_null) ? out.AppendNull() : out.AppendBool(found);
    }
    return out;
  };
  return BoundFunction{DataType::kBool, std::move(kernel)};
}

}  // namespace

void AddConditionalFunctions(FunctionTable* table) {
  table->emplace_back("when", BindWhen);
  table->emplace_back("if", BindIf);
  table->emplace_back("nullif", BindNullIf);
  table->emplace_back("isnull", NullTest(true));
  table->emplace_back("isnotnull", NullTest(false));
  table->emplace_back("in", BindIn);
}

}  // namespace sluice::engine
