// The nested functions of Spark SQL (engine/expr/function.h).
#include "engine/expr/function.h"

namespace sluice::engine {

void AddNestedFunctions(FunctionTable* table) { (void)table; }

}  // namespace sluice::engine
