#include "engine/ops/columns_read.h"

#include <set>

namespace sluice::engine {

bool MarkColumnsRead(const ExprNode& e, const Schema& schema, std::vector<bool>& read) {
  if (e.kind == ExprNode::Kind::kColumn) {
    if (auto i = schema.IndexOf(e.column)) {
      read[*i] = true;
      return true;
    }
    // A struct field: the longest prefix before a dot that names a column.
    for (size_t dot = e.column.rfind('.'); dot != std::string::npos && dot > 0;
         dot = e.column.rfind('.', dot - 1)) {
      if (auto i = schema.IndexOf(e.column.substr(0, dot))) {
        read[*i] = true;
        return true;
      }
    }
    return false;
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
