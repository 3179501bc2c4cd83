// Expressions over the columns of a batch, evaluated a column at a time.
//
// An Expr is an immutable tree: a column reference, a literal, an interval (only as an operand of
// timestamp + or -), or a function call. Bind checks it against a schema and gives its result
// type, with an error that names the missing column or the bad operand; Evaluate then produces
// one column with one row per input row. Semantics follow Spark SQL with ANSI mode off: division
// always yields a double and a division by zero yields null; a failed cast yields null;
// comparisons and arithmetic with a null operand yield null; and/or use three-valued logic.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/expr/eval_context.h"
#include "engine/types/duration.h"
#include "engine/types/record_batch.h"

namespace sluice::engine {

enum class Fn : uint8_t {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kNeg,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,
  kNot,
  kIsNull,
  kIsNotNull,
  kCast,
  kTimestampSeconds,
  kCoalesce,
  kConcat,
};

// The function of a scenario-format name ("add", "timestamp_seconds", ...).
Result<Fn> ParseFnName(const std::string& name);

struct ExprNode {
  // kCall: an operator or one of the core functions of Fn; kFunction: a function of the
  // registry (engine/expr/function.h), by name; kInvalid: what the fluent API could not build
  // (a cast to a malformed type name), whose Bind gives `error`, so the query fails at Start.
  enum class Kind : uint8_t { kColumn, kLiteral, kInterval, kCall, kFunction, kInvalid };
  Kind kind;
  std::string column;  // kColumn
  Value literal;       // kLiteral
  DataType literal_type = DataType::kInt64;
  int64_t interval_us = 0;  // kInterval
  Fn fn = Fn::kAdd;         // kCall
  std::string function;     // kFunction
  std::string error;        // kInvalid
  DataType cast_to = DataType::kInt64;
  std::vector<std::shared_ptr<const ExprNode>> args;
};

struct NamedExpr;
class ExprBindingCache;

// A value handle on an expression tree, with operators for the fluent API.
class Expr {
 public:
  explicit Expr(std::shared_ptr<const ExprNode> node);
  const ExprNode& node() const { return *node_; }
  const std::shared_ptr<const ExprNode>& ptr() const { return node_; }

  // Binds the tree to `schema`; the binding is kept (shared by this Expr's copies) for the
  // evaluations of batches of that schema that follow.
  Result<DataType> Bind(const Schema& schema) const;
  // REQUIRES: Bind(batch.schema()) succeeded. Thread-safe: copies of one Expr may evaluate
  // batches at once.
  Result<Column> Evaluate(const RecordBatch& batch, const EvalContext& ctx) const;
  // Outside a streaming batch: no batch timestamp.
  Result<Column> Evaluate(const RecordBatch& batch) const { return Evaluate(batch, EvalContext{}); }
  // The same, sharing the batch's column when the expression is a reference to a top-level
  // column (RecordBatch shares columns).
  Result<std::shared_ptr<const Column>> EvaluateShared(const RecordBatch& batch,
                                                       const EvalContext& ctx) const;
  // Spark-like text: "(value + 1)", used as the default output name.
  std::string ToString() const;

  Expr IsNull() const;
  Expr IsNotNull() const;
  Expr Cast(DataType to) const;
  // A cast to a type named as Spark's DDL names it ("string", "decimal(10,2)", "array<int>");
  // a malformed name fails the query at Start, quoting it.
  Expr Cast(std::string_view type_name) const;
  NamedExpr As(std::string name) const;
  // Names for the columns of a generator that makes several (`PosExplode(c).As({"p", "v"})`).
  NamedExpr As(std::vector<std::string> names) const;

 private:
  std::shared_ptr<const ExprNode> node_;
  std::shared_ptr<ExprBindingCache> bindings_;
};

// An expression with the name of the column it produces. An Expr converts to one named as Spark
// names an unaliased column: a column reference by its last name part, a window "window", any
// other expression by its text.
struct NamedExpr {
  NamedExpr(Expr e);  // NOLINT(google-explicit-constructor): select({Col("a"), x.As("b")})
  NamedExpr(Expr e, std::string n, bool s = false, std::vector<std::string> ns = {})
      : expr(std::move(e)), name(std::move(n)), star(s), names(std::move(ns)) {}

  Expr expr;
  std::string name;
  // Spark's `e.*` in a select: every field of the struct `expr` (a column reference), each under
  // its field name; `name` is unused.
  bool star = false;
  // A generator's column names, when it makes more than one (posexplode's pos, col).
  std::vector<std::string> names = {};
};

// `e.*`: a select item standing for every field of the struct column `column`.
NamedExpr Star(std::string column);

Expr Col(std::string name);
Expr Lit(int64_t v);
Expr Lit(int v);
Expr Lit(double v);
Expr Lit(std::string v);
Expr Lit(const char* v);
Expr Lit(bool v);
// A null literal of `type`; without one, Spark's untyped NULL (the null type, `void`), which takes
// the type its use needs: the other operand's in arithmetic and comparisons, the common type in
// coalesce and the conditional functions, the type a function's argument expects.
Expr LitNull(DataType type = DataType::kNull);
// A literal of any type. REQUIRES: CheckValueType(v, type) is ok.
Expr Literal(Value v, DataType type);
// An interval literal (Spark's `INTERVAL 5 SECONDS`), only as an operand of timestamp + or -.
Expr Interval(Duration d);
Expr Call(Fn fn, std::vector<Expr> args);
// A call of the registry's function `name` (Spark's name: "upper", "regexp_extract", ...);
// Bind refuses an unknown name or a wrong argument, naming the function and the argument.
Expr Call(std::string name, std::vector<Expr> args);
Expr CastTo(Expr e, DataType to);
Expr TimestampSeconds(Expr seconds);

Expr operator+(const Expr& a, const Expr& b);
Expr operator-(const Expr& a, const Expr& b);
Expr operator*(const Expr& a, const Expr& b);
Expr operator/(const Expr& a, const Expr& b);
Expr operator%(const Expr& a, const Expr& b);
Expr operator-(const Expr& a);
Expr operator==(const Expr& a, const Expr& b);
Expr operator!=(const Expr& a, const Expr& b);
Expr operator<(const Expr& a, const Expr& b);
Expr operator<=(const Expr& a, const Expr& b);
Expr operator>(const Expr& a, const Expr& b);
Expr operator>=(const Expr& a, const Expr& b);
Expr operator&&(const Expr& a, const Expr& b);
Expr operator||(const Expr& a, const Expr& b);
Expr operator!(const Expr& a);

}  // namespace sluice::engine
