// The constructors of expression trees: Col, Lit, Call, the operators, names (As, Star, the
// default names of NamedExpr), and casts by type name.
#include "engine/expr/expression.h"
#include "engine/types/type_parser.h"

namespace sluice::engine {
namespace {

Expr MakeLiteral(Value v, DataType type) {
  auto n = std::make_shared<ExprNode>();
  n->kind = ExprNode::Kind::kLiteral;
  n->literal = std::move(v);
  n->literal_type = type;
  return Expr(n);
}

}  // namespace

Expr Expr::Cast(std::string_view type_name) const {
  Result<DataType> to = ParseTypeName(std::string(type_name));
  if (to.ok()) return CastTo(*this, to.value());
  auto n = std::make_shared<ExprNode>();
  n->kind = ExprNode::Kind::kInvalid;
  n->error =
      "cast of " + ToString() + " to '" + std::string(type_name) + "': " + to.status().message();
  return Expr(n);
}

Expr Expr::IsNull() const { return Call(Fn::kIsNull, {*this}); }
Expr Expr::IsNotNull() const { return Call(Fn::kIsNotNull, {*this}); }
Expr Expr::Cast(DataType to) const { return CastTo(*this, to); }
NamedExpr::NamedExpr(Expr e) : expr(std::move(e)) {
  const ExprNode& n = expr.node();
  if (n.kind == ExprNode::Kind::kColumn) {
    name = n.column.substr(n.column.rfind('.') + 1);
  } else if (n.kind == ExprNode::Kind::kFunction && n.function == "window") {
    name = "window";
  } else {
    name = expr.ToString();
  }
}

NamedExpr Expr::As(std::string name) const { return NamedExpr{*this, std::move(name)}; }
NamedExpr Expr::As(std::vector<std::string> names) const {
  std::string joined;
  for (const std::string& n : names) joined += (joined.empty() ? "" : ", ") + n;
  return NamedExpr{*this, joined, false, std::move(names)};
}
NamedExpr Star(std::string column) { return NamedExpr{Col(column), column + ".*", true}; }

Expr Col(std::string name) {
  auto n = std::make_shared<ExprNode>();
  n->kind = ExprNode::Kind::kColumn;
  n->column = std::move(name);
  return Expr(n);
}
Expr Lit(int64_t v) { return MakeLiteral(v, DataType::kInt64); }
Expr Lit(int v) { return MakeLiteral(int64_t{v}, DataType::kInt32); }
Expr Lit(double v) { return MakeLiteral(v, DataType::kDouble); }
Expr Lit(std::string v) { return MakeLiteral(std::move(v), DataType::kString); }
Expr Lit(const char* v) { return Lit(std::string(v)); }
Expr Lit(bool v) { return MakeLiteral(v, DataType::kBool); }
Expr LitNull(DataType type) { return MakeLiteral(std::monostate{}, type); }
Expr Literal(Value v, DataType type) {
  SLUICE_CHECK(CheckValueType(v, type).ok(), "a literal's value fits its type");
  return MakeLiteral(std::move(v), std::move(type));
}
Expr Interval(Duration d) {
  auto n = std::make_shared<ExprNode>();
  n->kind = ExprNode::Kind::kInterval;
  n->interval_us = d.count();
  return Expr(n);
}
Expr Call(Fn fn, std::vector<Expr> args) {
  auto n = std::make_shared<ExprNode>();
  n->kind = ExprNode::Kind::kCall;
  n->fn = fn;
  for (Expr& a : args) n->args.push_back(a.ptr());
  return Expr(n);
}
Expr Call(std::string name, std::vector<Expr> args) {
  auto n = std::make_shared<ExprNode>();
  n->kind = ExprNode::Kind::kFunction;
  n->function = std::move(name);
  for (Expr& a : args) n->args.push_back(a.ptr());
  return Expr(n);
}
Expr CastTo(Expr e, DataType to) {
  auto n = std::make_shared<ExprNode>();
  n->kind = ExprNode::Kind::kCall;
  n->fn = Fn::kCast;
  n->cast_to = to;
  n->args.push_back(e.ptr());
  return Expr(n);
}
Expr TimestampSeconds(Expr seconds) { return Call(Fn::kTimestampSeconds, {std::move(seconds)}); }

Expr operator+(const Expr& a, const Expr& b) { return Call(Fn::kAdd, {a, b}); }
Expr operator-(const Expr& a, const Expr& b) { return Call(Fn::kSub, {a, b}); }
Expr operator*(const Expr& a, const Expr& b) { return Call(Fn::kMul, {a, b}); }
Expr operator/(const Expr& a, const Expr& b) { return Call(Fn::kDiv, {a, b}); }
Expr operator%(const Expr& a, const Expr& b) { return Call(Fn::kMod, {a, b}); }
Expr operator-(const Expr& a) { return Call(Fn::kNeg, {a}); }
Expr operator==(const Expr& a, const Expr& b) { return Call(Fn::kEq, {a, b}); }
Expr operator!=(const Expr& a, const Expr& b) { return Call(Fn::kNe, {a, b}); }
Expr operator<(const Expr& a, const Expr& b) { return Call(Fn::kLt, {a, b}); }
Expr operator<=(const Expr& a, const Expr& b) { return Call(Fn::kLe, {a, b}); }
Expr operator>(const Expr& a, const Expr& b) { return Call(Fn::kGt, {a, b}); }
Expr operator>=(const Expr& a, const Expr& b) { return Call(Fn::kGe, {a, b}); }
Expr operator&&(const Expr& a, const Expr& b) { return Call(Fn::kAnd, {a, b}); }
Expr operator||(const Expr& a, const Expr& b) { return Call(Fn::kOr, {a, b}); }
Expr operator!(const Expr& a) { return Call(Fn::kNot, {a}); }

}  // namespace sluice::engine
