// Which columns an expression reads: what column pruning (engine/plan/column_pruning.h) asks of
// the operators that evaluate expressions.
//
// Rules: a reference reads the column that binding resolves it to (ResolveColumn): the top-level
// column of its name, or the struct column whose field a dotted name reaches. A reference that
// resolves to no column (a lambda's variable, say) makes the answer unknown, and the caller must
// take every column as read. Reading too much is always safe; reading too little is a bug.
#pragma once

#include <vector>

#include "engine/expr/expression.h"

namespace sluice::engine {

// Sets read[i] for each field i of `schema` that `e` reads. Returns false when a reference
// resolves to no field (then `read` may be partly set and the answer is "every column").
// REQUIRES: read.size() == schema.fields.size().
bool MarkColumnsRead(const ExprNode& e, const Schema& schema, std::vector<bool>& read);
inline bool MarkColumnsRead(const Expr& e, const Schema& schema, std::vector<bool>& read) {
  return MarkColumnsRead(e.node(), schema, read);
}

// Whether no two fields of `schema` share a name: only then does a name say which column it is,
// and only then do operators narrow their columns by name.
bool HasUniqueNames(const Schema& schema);

}  // namespace sluice::engine
