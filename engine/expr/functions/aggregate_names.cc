// The names of Spark's aggregate functions in the registry. They are no scalar functions: the
// fluent API's Agg and the scenario runner's agg read a call of one as an aggregate, and a call
// anywhere else is refused, naming it.
#include "engine/expr/function.h"

namespace sluice::engine {
namespace {

Result<BoundFunction> RefuseAggregate(const std::string& name, const std::vector<FunctionArg>&) {
  return Status::InvalidArgument("function " + name +
                                 " is an aggregate: it belongs in agg(...) after a group_by");
}

}  // namespace

void AddAggregateNames(FunctionTable* table) {
  for (const char* name :
       {"count", "sum", "avg", "min", "max", "first", "last", "count_distinct"}) {
    table->emplace_back(name, RefuseAggregate);
  }
}

}  // namespace sluice::engine
