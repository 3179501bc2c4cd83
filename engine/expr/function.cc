#include "engine/expr/function.h"

#include <charconv>
#include <map>

#include "engine/expr/cast.h"
#include "spec/check.h"

namespace sluice::engine {
namespace {

// `inner`, given its arguments cast to `types` (one per argument) where they have another type.
FunctionKernel CastingArguments(FunctionKernel inner, std::vector<DataType> types) {
  return [inner = std::move(inner), types = std::move(types)](const ArgColumns& cols,
                                                              size_t rows) -> Result<Column> {
    std::vector<std::optional<Column>> cast(cols.size());  // sized once: pointers stay valid
    std::vector<const Column*> view;
    for (size_t i = 0; i < cols.size(); ++i) {
      if (i < types.size() && cols[i].type() != types[i]) cast[i] = CastColumn(cols[i], types[i]);
      view.push_back(cast[i] ? &*cast[i] : &cols[i]);
    }
    return inner(ArgColumns(std::move(view)), rows);
  };
}

// The types an untyped null argument is offered as, in order, to a binder that refuses the null
// type: Spark casts such an argument to the type the function expects (ImplicitTypeCasts).
const std::vector<DataType>& NullArgumentTypes() {
  static const std::vector<DataType> types{DataType::kString,
                                           DataType::kDouble,
                                           DataType::kInt32,
                                           DataType::kInt64,
                                           DataType::kBool,
                                           DataType::kDate,
                                           DataType::kTimestamp,
                                           DataType::kBinary,
                                           DataType::Array(DataType::kString),
                                           DataType::Map(DataType::kString, DataType::kString)};
  return types;
}

// The argument a FunctionArgError names ("function f: argument N (...) ..."), 0-based.
std::optional<size_t> RefusedArgument(const Status& s) {
  const std::string& m = s.message();
  const size_t at = m.find(": argument ");
  if (at == std::string::npos) return std::nullopt;
  size_t n = 0;
  const char* begin = m.data() + at + 11;
  const auto [end, ec] = std::from_chars(begin, m.data() + m.size(), n);
  if (ec != std::errc() || end == begin || n == 0) return std::nullopt;
  return n - 1;
}

// Binds a call whose binder refused an argument of the null type (`refused`): each null-typed
// argument the binder refuses is offered as a null of the next type of NullArgumentTypes until
// the binder accepts them all; the kernel then gets nulls of those types. The first refusal is
// returned when no types fit.
Result<BoundFunction> BindWithNullArguments(const FunctionBinder& binder, const std::string& name,
                                            std::vector<FunctionArg> args, Status refused) {
  const std::vector<DataType>& candidates = NullArgumentTypes();
  std::vector<size_t> next(args.size(), 0);
  std::optional<size_t> k = RefusedArgument(refused);
  for (;;) {
    if (!k || *k >= args.size() || next[*k] == candidates.size()) return refused;
    if (next[*k] == 0 && args[*k].type.id() != TypeId::kNull) return refused;
    args[*k].type = candidates[next[*k]++];
    Result<BoundFunction> bound = binder(name, args);
    if (bound.ok()) {
      std::vector<DataType> types;
      for (const FunctionArg& a : args) types.push_back(a.type);
      BoundFunction f = std::move(bound).value();
      f.kernel = CastingArguments(std::move(f.kernel), std::move(types));
      return f;
    }
    std::optional<size_t> again = RefusedArgument(bound.status());
    // Another argument refused: keep this one's type and go on with that one; the same one
    // refused again: its next type.
    if (again && *again != *k && args[*again].type.id() == TypeId::kNull) k = again;
  }
}

// `binder`, and when it refuses an argument of the null type, BindWithNullArguments.
FunctionBinder WithNullArguments(FunctionBinder binder) {
  return
      [binder = std::move(binder)](const std::string& name, const std::vector<FunctionArg>& args) {
        Result<BoundFunction> bound = binder(name, args);
        if (bound.ok()) return bound;
        for (const FunctionArg& a : args) {
          if (a.type.id() == TypeId::kNull) {
            return BindWithNullArguments(binder, name, args, bound.status());
          }
        }
        return bound;
      };
}

const std::map<std::string, FunctionBinder, std::less<>>& Registry() {
  static const std::map<std::string, FunctionBinder, std::less<>> registry = [] {
    FunctionTable table;
    AddStringFunctions(&table);
    AddMathFunctions(&table);
    AddConditionalFunctions(&table);
    AddDatetimeFunctions(&table);
    AddHashFunctions(&table);
    AddNestedFunctions(&table);
    AddJsonFunctions(&table);
    AddBatchTimeFunctions(&table);
    AddAggregateNames(&table);
    std::map<std::string, FunctionBinder, std::less<>> out;
    for (auto& [name, binder] : table) {
      SLUICE_CHECK(out.emplace(name, WithNullArguments(std::move(binder))).second,
                   "one binder per function name");
    }
    return out;
  }();
  return registry;
}

}  // namespace

FunctionBinder StringsAsDoubles(FunctionBinder binder, std::vector<size_t> indices) {
  return
      [binder = std::move(binder), indices = std::move(indices)](
          const std::string& name, const std::vector<FunctionArg>& args) -> Result<BoundFunction> {
        std::vector<FunctionArg> converted = args;
        bool any = false;
        for (size_t k : indices) {
          if (k >= converted.size() || converted[k].type != DataType::kString) continue;
          converted[k] = FunctionArg{DataType::kDouble, std::nullopt, false, std::nullopt};
          any = true;
        }
        if (!any) return binder(name, args);
        SLUICE_ASSIGN_OR_RETURN(BoundFunction f, binder(name, converted));
        std::vector<DataType> types;
        for (const FunctionArg& a : converted) types.push_back(a.type);
        f.kernel = CastingArguments(std::move(f.kernel), std::move(types));
        return f;
      };
}

const FunctionBinder* FindFunction(std::string_view name) {
  auto it = Registry().find(name);
  return it == Registry().end() ? nullptr : &it->second;
}

Status FunctionArgError(const std::string& name, size_t index, const FunctionArg& arg,
                        const std::string& what) {
  return Status::InvalidArgument("function " + name + ": argument " + std::to_string(index + 1) +
                                 " (" + TypeName(arg.type) + ") " + what);
}

Status CheckArgCount(const std::string& name, const std::vector<FunctionArg>& args, size_t min,
                     size_t max) {
  if (args.size() >= min && args.size() <= max) return Status::Ok();
  const std::string want =
      min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max);
  return Status::InvalidArgument("function " + name + " takes " + want + " argument(s), got " +
                                 std::to_string(args.size()));
}

Status RequireLiteral(const std::string& name, const std::vector<FunctionArg>& args, size_t i) {
  if (args[i].is_literal && args[i].literal && !IsNull(*args[i].literal)) return Status::Ok();
  return FunctionArgError(name, i, args[i], "must be a non-null literal");
}

}  // namespace sluice::engine
