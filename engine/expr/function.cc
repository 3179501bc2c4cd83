#include "engine/expr/function.h"

#include <map>

#include "spec/check.h"

namespace sluice::engine {
namespace {

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
      SLUICE_CHECK(out.emplace(name, std::move(binder)).second, "one binder per function name");
    }
    return out;
  }();
  return registry;
}

}  // namespace

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
