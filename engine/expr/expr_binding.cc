#include "engine/expr/expr_binding.h"

#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <unordered_map>

#include "engine/expr/cast.h"
#include "engine/expr/function.h"
#include "engine/expr/functions/cell_order.h"
#include "engine/expr/operator_kernels.h"
#include "engine/types/datetime.h"
#include "engine/types/decimal.h"
#include "engine/types/duration.h"
#include "engine/types/type_coercion.h"

namespace sluice::engine {
namespace expr_detail {

bool IsComparison(Fn fn) { return fn >= Fn::kEq && fn <= Fn::kGe; }
bool IsArithmetic(Fn fn) { return fn <= Fn::kMod; }

Status ArgCount(const Node& n, size_t want) {
  if (n.args.size() == want) return Status::Ok();
  return Status::InvalidArgument(FnName(n.fn) + " takes " + std::to_string(want) +
                                 " argument(s), got " + std::to_string(n.args.size()));
}

DecimalOp DecimalOpOf(Fn fn) {
  switch (fn) {
    case Fn::kAdd:
      return DecimalOp::kAdd;
    case Fn::kSub:
      return DecimalOp::kSubtract;
    case Fn::kMul:
      return DecimalOp::kMultiply;
    case Fn::kDiv:
      return DecimalOp::kDivide;
    default:
      return DecimalOp::kRemainder;
  }
}

// The decimal type an operand of decimal arithmetic takes: its own, decimal(10,0) for an int,
// decimal(20,0) for a long, and for an integer literal the fewest digits its value needs.
DecimalSpec DecimalOperandSpec(const Node& operand, const DataType& type) {
  if (type.id() == TypeId::kDecimal) return {type.precision(), type.scale()};
  if (operand.kind == Node::Kind::kLiteral && std::holds_alternative<int64_t>(operand.literal)) {
    return DecimalSpecForIntegerLiteral(std::get<int64_t>(operand.literal));
  }
  return type.id() == TypeId::kInt32 ? kIntDecimalSpec : kLongDecimalSpec;
}

Result<DataType> BindArithmetic(const Node& n, DataType a, DataType b) {
  const std::string what = FnName(n.fn);
  const bool a_interval = n.args[0]->kind == Node::Kind::kInterval;
  const bool b_interval = n.args[1]->kind == Node::Kind::kInterval;
  if (a_interval || b_interval) {
    if ((n.fn == Fn::kAdd || n.fn == Fn::kSub) && a == DataType::kTimestamp && b_interval) {
      return DataType::kTimestamp;
    }
    if (n.fn == Fn::kAdd && b == DataType::kTimestamp && a_interval) return DataType::kTimestamp;
    return Status::InvalidArgument(what + ": an interval is only an operand of timestamp + or -");
  }
  if (!IsNumeric(a) || !IsNumeric(b)) {
    return Status::InvalidArgument(what + ": operands must be numeric, got " +
                                   std::string(TypeName(a)) + " and " + std::string(TypeName(b)));
  }
  if (a.is_floating() || b.is_floating()) return DataType::kDouble;
  if (a.id() == TypeId::kDecimal || b.id() == TypeId::kDecimal) {
    const DecimalSpec r = DecimalResultSpec(DecimalOpOf(n.fn), DecimalOperandSpec(*n.args[0], a),
                                            DecimalOperandSpec(*n.args[1], b));
    return DataType::Decimal(r.precision, r.scale);
  }
  if (n.fn == Fn::kDiv) return DataType::kDouble;
  return (a == DataType::kInt32 && b == DataType::kInt32) ? DataType::kInt32 : DataType::kInt64;
}

// The types of arithmetic operands after Spark's implicit casts: a string is cast to double
// (PromoteStrings), an untyped null takes the other operand's type, two of them are doubles.
void ArithmeticOperandTypes(const Node& n, std::vector<DataType>* types) {
  for (size_t k = 0; k < 2; ++k) {
    if (n.args[k]->kind != Node::Kind::kInterval && (*types)[k] == DataType::kString) {
      (*types)[k] = DataType::kDouble;
    }
  }
  for (size_t k = 0; k < 2; ++k) {
    if ((*types)[k].id() != TypeId::kNull) continue;
    const DataType& other = (*types)[1 - k];
    const bool interval = n.args[1 - k]->kind == Node::Kind::kInterval;
    (*types)[k] = other.id() == TypeId::kNull ? DataType::kDouble
                  : interval                  ? DataType::kTimestamp
                                              : other;
  }
}

// The types a core call's operands are cast to before its kernel runs: Spark's implicit casts
// with ANSI off (see type_coercion.h). Operands that cannot be made to fit keep their types, for
// BindCall to refuse.
std::vector<DataType> OperandTypes(const Node& n, std::vector<DataType> types) {
  auto replace = [&](TypeId from, const DataType& to) {
    for (DataType& t : types) {
      if (t.id() == from) t = to;
    }
  };
  if (IsArithmetic(n.fn)) {
    if (types.size() == 2) ArithmeticOperandTypes(n, &types);
    return types;
  }
  if (IsComparison(n.fn)) {
    if (types.size() != 2) return types;
    std::optional<DataType> common =
        ComparisonType(types[0], types[1], n.fn == Fn::kEq || n.fn == Fn::kNe);
    if (common) types = {*common, *common};
    return types;
  }
  bool all_binary = true;
  switch (n.fn) {
    case Fn::kNeg:
    case Fn::kTimestampSeconds:
      replace(TypeId::kString, DataType::kDouble);
      replace(TypeId::kNull, DataType::kDouble);
      break;
    case Fn::kAnd:
    case Fn::kOr:
    case Fn::kNot:
      replace(TypeId::kNull, DataType::kBool);
      break;
    case Fn::kCoalesce:
      if (std::optional<DataType> common = WiderCommonType(types)) {
        for (DataType& t : types) t = *common;
      }
      break;
    case Fn::kConcat:  // Spark's ConcatCoercion: binaries stay binary only when all are
      for (const DataType& t : types) all_binary = all_binary && t == DataType::kBinary;
      for (DataType& t : types) {
        if (!all_binary && !t.is_nested()) t = DataType::kString;
      }
      break;
    default:
      break;
  }
  return types;
}

Result<DataType> BindCall(const Node& n, BindScope& scope) {
  std::vector<DataType> raw;
  for (const auto& a : n.args) {
    SLUICE_ASSIGN_OR_RETURN(DataType t, BindNode(*a, scope));
    raw.push_back(t);
  }
  const std::vector<DataType> types = OperandTypes(n, raw);
  const std::string what = FnName(n.fn);
  if (IsArithmetic(n.fn)) {
    SLUICE_RETURN_IF_ERROR(ArgCount(n, 2));
    return BindArithmetic(n, types[0], types[1]);
  }
  if (IsComparison(n.fn)) {
    SLUICE_RETURN_IF_ERROR(ArgCount(n, 2));
    const bool comparable = types[0] == types[1] || (IsNumeric(types[0]) && IsNumeric(types[1]));
    if (!comparable) {
      return Status::InvalidArgument(what + ": cannot compare " + TypeName(raw[0]) + " with " +
                                     TypeName(raw[1]) + " in " + NodeToString(n));
    }
    if (!cell_order::IsOrderable(types[0])) {  // as Spark, which has no order of maps
      return Status::InvalidArgument(what + ": cannot compare values of " + TypeName(types[0]) +
                                     " (a map has no order) in " + NodeToString(n));
    }
    return DataType::kBool;
  }
  switch (n.fn) {
    case Fn::kNeg:
      SLUICE_RETURN_IF_ERROR(ArgCount(n, 1));
      if (!IsNumeric(types[0])) return Status::InvalidArgument("neg: operand must be numeric");
      return types[0];
    case Fn::kAnd:
    case Fn::kOr:
    case Fn::kNot:
      SLUICE_RETURN_IF_ERROR(ArgCount(n, n.fn == Fn::kNot ? 1 : 2));
      for (DataType t : types) {
        if (t != DataType::kBool) return Status::InvalidArgument(what + ": operands must be bool");
      }
      return DataType::kBool;
    case Fn::kIsNull:
    case Fn::kIsNotNull:
      SLUICE_RETURN_IF_ERROR(ArgCount(n, 1));
      return DataType::kBool;
    case Fn::kCast:
      SLUICE_RETURN_IF_ERROR(ArgCount(n, 1));
      if (!CanCast(types[0], n.cast_to)) {
        return Status::InvalidArgument("cast: cannot cast " + TypeName(types[0]) + " to " +
                                       TypeName(n.cast_to) + " in " + NodeToString(n));
      }
      return n.cast_to;
    case Fn::kTimestampSeconds:
      SLUICE_RETURN_IF_ERROR(ArgCount(n, 1));
      if (!IsNumeric(types[0])) {
        return Status::InvalidArgument("timestamp_seconds: argument must be numeric");
      }
      return DataType::kTimestamp;
    case Fn::kCoalesce:
      if (types.empty()) return Status::InvalidArgument("coalesce needs arguments");
      for (DataType t : types) {
        if (t != types[0]) {
          return Status::InvalidArgument("coalesce: arguments of types " + TypeName(raw[0]) +
                                         " and " + TypeName(t) + " have no common type in " +
                                         NodeToString(n));
        }
      }
      return types[0];
    case Fn::kConcat:
      for (DataType t : types) {
        if (t != DataType::kString && t != DataType::kBinary) {
          return Status::InvalidArgument("concat: cannot concatenate " + TypeName(t) + " in " +
                                         NodeToString(n));
        }
      }
      return types.empty() ? DataType::kString : types[0];
    default:
      break;
  }
  return Status::InvalidArgument("unsupported function " + what);
}

Result<ColumnPath> ResolveColumn(const Schema& schema, const std::string& name) {
  if (auto i = schema.IndexOf(name)) return ColumnPath{*i, {}, schema.fields[*i].type};
  for (size_t dot = name.find('.'); dot != std::string::npos; dot = name.find('.', dot + 1)) {
    auto i = schema.IndexOf(name.substr(0, dot));
    if (!i) continue;
    ColumnPath path{*i, {}, schema.fields[*i].type};
    size_t start = dot + 1;
    while (path.type.id() == TypeId::kStruct) {
      const size_t end = std::min(name.find('.', start), name.size());
      std::optional<size_t> f = path.type.FieldIndex(name.substr(start, end - start));
      if (!f) break;
      path.fields.push_back(*f);
      path.type = path.type.fields()[*f].type;
      if (end == name.size()) return path;
      start = end + 1;
    }
  }
  return Status::InvalidArgument("column '" + name + "' not found among " + schema.Describe());
}

Result<BoundFunction> BindFunction(const Node& n, BindScope& scope);
Column Broadcast(const Value& v, DataType type, size_t rows);

// The value of a registry call whose binder marks it foldable and whose arguments are all
// literals (schema_of_json('...')), evaluated once; nullopt for any other node.
Result<std::optional<Value>> FoldCall(const Node& n, BindScope& scope) {
  if (n.kind != Node::Kind::kFunction) return std::optional<Value>();
  for (const auto& a : n.args) {
    if (a->kind != Node::Kind::kLiteral) return std::optional<Value>();
  }
  SLUICE_ASSIGN_OR_RETURN(BoundFunction f, BindFunction(n, scope));
  if (!f.foldable) return std::optional<Value>();
  std::vector<Column> args;
  for (const auto& a : n.args) args.push_back(Broadcast(a->literal, a->literal_type, 1));
  SLUICE_ASSIGN_OR_RETURN(Column out, f.kernel(args, 1));
  return std::optional<Value>(out.Get(0));
}

// The bound function of `n`, kept in `scope`: bound once per scope, never copied.
Result<const BoundFunction*> BindFunctionInScope(const Node& n, BindScope& scope) {
  if (const BoundFunction* f = scope.FindFunction(&n)) return f;
  SLUICE_RETURN_IF_ERROR(BindFunction(n, scope).status());
  return &scope.functions.at(&n);
}

Result<BoundFunction> BindFunction(const Node& n, BindScope& scope) {
  if (const BoundFunction* f = scope.FindFunction(&n)) return *f;
  const FunctionBinder* binder = FindFunction(n.function);
  if (binder == nullptr) {
    return Status::InvalidArgument("unknown function '" + n.function + "' in " + NodeToString(n));
  }
  std::vector<FunctionArg> args;
  for (const auto& a : n.args) {
    FunctionArg arg;
    SLUICE_ASSIGN_OR_RETURN(arg.type, BindNode(*a, scope));
    SLUICE_ASSIGN_OR_RETURN(std::optional<Value> folded, FoldCall(*a, scope));
    if (folded) {
      arg.literal = std::move(folded);
      arg.is_literal = true;
    }
    if (a->kind == Node::Kind::kLiteral) {
      arg.literal = a->literal;
      arg.is_literal = true;
    }
    if (a->kind == Node::Kind::kColumn) arg.column = a->column.substr(a->column.rfind('.') + 1);
    args.push_back(std::move(arg));
  }
  Result<BoundFunction> bound = (*binder)(n.function, args);
  if (!bound.ok()) return bound.status().WithContext(NodeToString(n));
  scope.functions.emplace(&n, bound.value());
  return bound;
}

Result<DataType> BindNodeOnce(const Node& n, BindScope& scope) {
  switch (n.kind) {
    case Node::Kind::kColumn: {
      SLUICE_ASSIGN_OR_RETURN(ColumnPath path, ResolveColumn(scope.schema, n.column));
      return path.type;
    }
    case Node::Kind::kLiteral:
      return n.literal_type;
    case Node::Kind::kInterval:
      return DataType::kInt64;
    case Node::Kind::kCall:
      return BindCall(n, scope);
    case Node::Kind::kFunction: {
      SLUICE_ASSIGN_OR_RETURN(BoundFunction f, BindFunction(n, scope));
      return f.type;
    }
    case Node::Kind::kInvalid:
      return Status::InvalidArgument(n.error);
  }
  return Status::InvalidArgument("unknown expression");
}

Result<DataType> BindNode(const Node& n, BindScope& scope) {
  if (const DataType* t = scope.FindType(&n)) return *t;
  SLUICE_ASSIGN_OR_RETURN(DataType type, BindNodeOnce(n, scope));
  scope.types.emplace(&n, type);
  return type;
}

}  // namespace expr_detail

Result<std::shared_ptr<const ExprBinding>> ExprBindingCache::Get(const ExprNode& node,
                                                                 const Schema& schema) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (binding_ != nullptr && binding_->schema == schema) return binding_;
  }
  auto binding = std::make_shared<ExprBinding>(schema);
  SLUICE_ASSIGN_OR_RETURN(binding->type, expr_detail::BindNode(node, binding->scope));
  std::lock_guard<std::mutex> lock(mu_);
  binding_ = binding;
  return std::shared_ptr<const ExprBinding>(std::move(binding));
}

Expr::Expr(std::shared_ptr<const ExprNode> node)
    : node_(std::move(node)), bindings_(std::make_shared<ExprBindingCache>()) {}

Result<DataType> Expr::Bind(const Schema& schema) const {
  SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<const ExprBinding> binding,
                          bindings_->Get(*node_, schema));
  return binding->type;
}

}  // namespace sluice::engine
