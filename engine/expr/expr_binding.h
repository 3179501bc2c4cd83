// Internal to engine/expr: what the parts of Expr (expression.h) share. expr_binding.cc binds a
// tree to a schema (types, registry functions, constant folding), expr_eval.cc evaluates a bound
// tree over a batch, expr_text.cc names functions and prints trees, expr_columns.cc finds the
// columns a tree reads (columns_read.h).
//
// Rules: only engine/expr's expr_*.cc include this header; everything in expr_detail serves them
// and no one else.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/expr/expression.h"
#include "engine/expr/function.h"
#include "engine/types/decimal.h"

namespace sluice::engine {
namespace expr_detail {

using Node = ExprNode;

// What binding a tree against a schema has found so far: each node's type and each registry
// call's bound function, so that one Bind or Evaluate binds every node once (a node's type is
// asked for by its parent, its own evaluation and its arguments' binders).
// A scope may start from a `base`: a binding of the same tree to the same schema made before
// (the expression's cached binding), read only, so that scopes of concurrent evaluations share
// it; what the base lacks is bound into the scope's own maps.
struct BindScope {
  explicit BindScope(const Schema& s, const BindScope* b = nullptr) : schema(s), base(b) {}
  const DataType* FindType(const Node* n) const {
    if (base != nullptr) {
      if (const DataType* t = base->FindType(n)) return t;
    }
    auto it = types.find(n);
    return it == types.end() ? nullptr : &it->second;
  }
  const BoundFunction* FindFunction(const Node* n) const {
    if (base != nullptr) {
      if (const BoundFunction* f = base->FindFunction(n)) return f;
    }
    auto it = functions.find(n);
    return it == functions.end() ? nullptr : &it->second;
  }

  const Schema& schema;
  const BindScope* base;
  std::unordered_map<const Node*, DataType> types;
  std::unordered_map<const Node*, BoundFunction> functions;
};

// A column reference: a column of the schema, or a field of a struct column at any depth
// (`e.c2.c20`) when no column has the whole name.
struct ColumnPath {
  size_t column;
  std::vector<size_t> fields;
  DataType type;
};

// The function names of Fn (`add`, `eq`, ...), and back.
const std::map<std::string, Fn>& FnNames();
std::string FnName(Fn fn);
bool IsComparison(Fn fn);
bool IsArithmetic(Fn fn);
DecimalOp DecimalOpOf(Fn fn);
// The decimal type an operand of decimal arithmetic takes (see expr_binding.cc).
DecimalSpec DecimalOperandSpec(const Node& operand, const DataType& type);
// The types a core call's operands are cast to before its kernel runs (see expr_binding.cc).
std::vector<DataType> OperandTypes(const Node& n, std::vector<DataType> types);
Result<ColumnPath> ResolveColumn(const Schema& schema, const std::string& name);
// The bound function of a registry call, kept in `scope`.
Result<const BoundFunction*> BindFunctionInScope(const Node& n, BindScope& scope);
// The type of `n` in `scope`, bound once per scope.
Result<DataType> BindNode(const Node& n, BindScope& scope);
// `v` repeated `rows` times as a column of `type`.
Column Broadcast(const Value& v, DataType type, size_t rows);
// Spark's text of a tree: `(a + 1)`, `CAST(x AS STRING)`, `f(a, b)`.
std::string NodeToString(const Node& n);

}  // namespace expr_detail

// An expression bound to one schema: every node's type and bound function.
struct ExprBinding {
  explicit ExprBinding(Schema s) : schema(std::move(s)), scope(schema) {}
  ExprBinding(const ExprBinding&) = delete;
  ExprBinding& operator=(const ExprBinding&) = delete;

  const Schema schema;
  expr_detail::BindScope scope;  // refers to `schema`
  DataType type;                 // the tree's result type
};

// The binding of the schema an Expr was last bound to, shared by its copies: a query binds its
// expressions when it starts and evaluates them batch after batch, over the same input schema,
// so a schema is compiled, a pattern or a schema string parsed once, not once a batch.
class ExprBindingCache {
 public:
  // The binding for `schema`, bound now unless the cached one has it. An error is not cached.
  Result<std::shared_ptr<const ExprBinding>> Get(const ExprNode& node, const Schema& schema);

 private:
  std::mutex mu_;
  std::shared_ptr<const ExprBinding> binding_;
};

}  // namespace sluice::engine
