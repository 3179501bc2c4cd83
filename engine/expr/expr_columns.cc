#include <set>

#include "engine/expr/columns_read.h"
#include "engine/expr/expr_binding.h"

namespace sluice::engine {

bool MarkColumnsRead(const ExprNode& e, const Schema& schema, std::vector<bool>& read) {
  if (e.kind == ExprNode::Kind::kColumn) {
    // Resolved as binding resolves it: a column of the name, or a struct field below a prefix.
    Result<expr_detail::ColumnPath> path = expr_detail::ResolveColumn(schema, e.column);
    if (!path.ok()) return false;
    read[path.value().column] = true;
    return true;
  }
  for (const auto& arg : e.args) {
    if (!MarkColumnsRead(*arg, schema, read)) return false;
  }
  return true;
}

bool HasUniqueNames(const Schema& schema) {
  std::set<std::string> names;
  for (const Field& f : schema.fields) {
    if (!names.insert(f.name).second) return false;
  }
  return true;
}

}  // namespace sluice::engine
