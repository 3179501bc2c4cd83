#include "engine/expr/expression.h"

#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <unordered_map>

#include "engine/expr/cast.h"
#include "engine/expr/function.h"
#include "engine/expr/operator_kernels.h"
#include "engine/types/datetime.h"
#include "engine/types/decimal.h"
#include "engine/types/duration.h"
#include "engine/types/type_coercion.h"

namespace sluice::engine {
namespace {

using Node = ExprNode;
using NodePtr = std::shared_ptr<const ExprNode>;

const std::map<std::string, Fn>& FnNames() {
  static const std::map<std::string, Fn> names{{"add", Fn::kAdd},
                                               {"sub", Fn::kSub},
                                               {"mul", Fn::kMul},
                                               {"div", Fn::kDiv},
                                               {"mod", Fn::kMod},
                                               {"neg", Fn::kNeg},
                                               {"eq", Fn::kEq},
                                               {"ne", Fn::kNe},
                                               {"lt", Fn::kLt},
                                               {"le", Fn::kLe},
                                               {"gt", Fn::kGt},
                                               {"ge", Fn::kGe},
                                               {"and", Fn::kAnd},
                                               {"or", Fn::kOr},
                                               {"not", Fn::kNot},
                                               {"is_null", Fn::kIsNull},
                                               {"is_not_null", Fn::kIsNotNull},
                                               {"cast", Fn::kCast},
                                               {"timestamp_seconds", Fn::kTimestampSeconds},
                                               {"coalesce", Fn::kCoalesce},
                                               {"concat", Fn::kConcat}};
  return names;
}

std::string FnName(Fn fn) {
  for (const auto& [name, f] : FnNames()) {
    if (f == fn) return name;
  }
  return "?";
}

bool IsComparison(Fn fn) { return fn >= Fn::kEq && fn <= Fn::kGe; }
bool IsArithmetic(Fn fn) { return fn <= Fn::kMod; }

Status ArgCount(const Node& n, size_t want) {
  if (n.args.size() == want) return Status::Ok();
  return Status::InvalidArgument(FnName(n.fn) + " takes " + std::to_string(want) +
                                 " argument(s), got " + std::to_string(n.args.size()));
}

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

Result<DataType> BindNode(const Node& n, BindScope& scope);
std::string NodeToString(const Node& n);

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

// A column reference: a column of the schema, or a field of a struct column at any depth
// (`e.c2.c20`) when no column has the whole name.
struct ColumnPath {
  size_t column;
  std::vector<size_t> fields;
  DataType type;
};

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

Result<Column> EvalNode(const Node& n, const RecordBatch& batch, const EvalContext& ctx,
                        BindScope& scope);

Column Broadcast(const Value& v, DataType type, size_t rows) {
  Column c(type);
  c.Reserve(rows);
  if (const auto* s = std::get_if<std::string>(&v)) {  // a pattern, a schema, a JSON path
    c.ReserveBytes(s->size() * rows);
    for (size_t i = 0; i < rows; ++i) c.AppendString(*s);
    return c;
  }
  for (size_t i = 0; i < rows; ++i) c.Append(v);
  return c;
}

Column EvalDecimalArithmetic(const Node& n, const ArgColumns& args, const DataType& out_type) {
  std::vector<Column> operands;
  std::vector<DecimalSpec> specs;
  for (size_t k = 0; k < 2; ++k) {
    const DecimalSpec spec = DecimalOperandSpec(*n.args[k], args[k].type());
    specs.push_back(spec);
    operands.push_back(CastColumn(args[k], DataType::Decimal(spec.precision, spec.scale)));
  }
  const DecimalOp op = DecimalOpOf(n.fn);
  const DecimalSpec result{out_type.precision(), out_type.scale()};
  Column out(out_type);
  out.Reserve(args[0].size());
  for (size_t i = 0; i < args[0].size(); ++i) {
    if (operands[0].IsNull(i) || operands[1].IsNull(i)) {
      out.AppendNull();
      continue;
    }
    std::optional<Int128> v = DecimalCompute(op, operands[0].Decimal(i), specs[0],
                                             operands[1].Decimal(i), specs[1], result);
    v ? out.AppendDecimal(*v) : out.AppendNull();
  }
  return out;
}

Result<Column> EvalCall(const Node& n, const RecordBatch& batch, DataType out_type,
                        const EvalContext& ctx, BindScope& scope) {
  std::vector<Column> args;
  for (const auto& a : n.args) {
    if (a->kind == Node::Kind::kInterval) {
      args.push_back(Broadcast(a->interval_us, DataType::kInt64, batch.num_rows()));
      continue;
    }
    SLUICE_ASSIGN_OR_RETURN(Column c, EvalNode(*a, batch, ctx, scope));
    args.push_back(std::move(c));
  }
  std::vector<DataType> raw;
  for (const Column& c : args) raw.push_back(c.type());
  const std::vector<DataType> types = OperandTypes(n, raw);
  for (size_t k = 0; k < args.size(); ++k) {
    if (n.args[k]->kind != Node::Kind::kInterval && types[k] != raw[k]) {
      args[k] = CastColumn(args[k], types[k]);
    }
  }
  const size_t rows = batch.num_rows();
  if (IsArithmetic(n.fn)) {
    if (out_type == DataType::kTimestamp) {
      // timestamp +/- interval: integer arithmetic on microseconds, result typed timestamp.
      Column sum = EvalArithmetic(n.fn, args[0], args[1], DataType::kInt64);
      Column out(DataType::kTimestamp);
      for (size_t i = 0; i < rows; ++i)
        sum.IsNull(i) ? out.AppendNull() : out.AppendInt(sum.Int(i));
      return out;
    }
    if (out_type.id() == TypeId::kDecimal) return EvalDecimalArithmetic(n, args, out_type);
    return EvalArithmetic(n.fn, args[0], args[1], out_type);
  }
  if (IsComparison(n.fn)) return EvalComparison(n.fn, args[0], args[1]);
  Column out(out_type);
  out.Reserve(rows);
  switch (n.fn) {
    case Fn::kAnd:
    case Fn::kOr:
      return EvalLogic(n.fn, args[0], args[1]);
    case Fn::kNot:
      for (size_t i = 0; i < rows; ++i) {
        args[0].IsNull(i) ? out.AppendNull() : out.AppendBool(!args[0].Bool(i));
      }
      return out;
    case Fn::kNeg:
      for (size_t i = 0; i < rows; ++i) {
        if (args[0].IsNull(i)) {
          out.AppendNull();
        } else if (out_type.id() == TypeId::kDecimal) {
          out.AppendDecimal(-args[0].Decimal(i));
        } else if (out_type.id() == TypeId::kFloat) {
          out.AppendFloat(-args[0].Float(i));
        } else if (out_type.id() == TypeId::kDouble) {
          out.AppendDouble(-args[0].Double(i));
        } else {  // wraps, as Spark's does
          out.AppendIntegral(static_cast<int64_t>(0 - static_cast<uint64_t>(args[0].AsInt64(i))));
        }
      }
      return out;
    case Fn::kIsNull:
    case Fn::kIsNotNull:
      for (size_t i = 0; i < rows; ++i) out.AppendBool(args[0].IsNull(i) == (n.fn == Fn::kIsNull));
      return out;
    case Fn::kCast:
      return CastColumn(args[0], n.cast_to);
    case Fn::kTimestampSeconds:
      return CastColumn(args[0], DataType::kTimestamp);
    case Fn::kCoalesce:
      for (size_t i = 0; i < rows; ++i) {
        size_t k = 0;
        while (k < args.size() && args[k].IsNull(i)) ++k;
        k < args.size() ? out.AppendFrom(args[k], i) : out.AppendNull();
      }
      return out;
    case Fn::kConcat:
      for (size_t i = 0; i < rows; ++i) {
        std::string s;
        bool null = false;
        for (const Column& a : args) {
          if (a.IsNull(i))
            null = true;
          else
            s += a.String(i);
        }
        null ? out.AppendNull() : out.AppendString(std::move(s));
      }
      return out;
    default:
      break;
  }
  return Status::InvalidArgument("cannot evaluate " + FnName(n.fn));
}

// The column a reference names in `batch`: a top-level column or a field of a struct column.
Result<const Column*> ColumnOf(const RecordBatch& batch, const std::string& name) {
  SLUICE_ASSIGN_OR_RETURN(ColumnPath path, ResolveColumn(batch.schema(), name));
  const Column* c = &batch.column(path.column);
  for (size_t f : path.fields) c = &c->child(f);
  return c;
}

Result<Column> EvalNode(const Node& n, const RecordBatch& batch, const EvalContext& ctx,
                        BindScope& scope) {
  SLUICE_ASSIGN_OR_RETURN(DataType type, BindNode(n, scope));
  switch (n.kind) {
    case Node::Kind::kColumn: {
      SLUICE_ASSIGN_OR_RETURN(const Column* c, ColumnOf(batch, n.column));
      return *c;
    }
    case Node::Kind::kLiteral:
      return Broadcast(n.literal, n.literal_type, batch.num_rows());
    case Node::Kind::kInterval:
      return Status::InvalidArgument("an interval is only an operand of timestamp + or -");
    case Node::Kind::kInvalid:
      return Status::InvalidArgument(n.error);
    case Node::Kind::kCall:
      return EvalCall(n, batch, type, ctx, scope);
    case Node::Kind::kFunction: {
      SLUICE_ASSIGN_OR_RETURN(const BoundFunction* f, BindFunctionInScope(n, scope));
      if (f->context_kernel) return f->context_kernel(ctx, batch.num_rows());
      // A column reference is borrowed from the batch; a literal the kernel took at bind time
      // is an empty column; any other argument is evaluated into `owned`.
      std::vector<std::optional<Column>> owned(n.args.size());  // sized once: pointers stay
      std::vector<const Column*> args;
      for (size_t k = 0; k < n.args.size(); ++k) {
        const Node& a = *n.args[k];
        if (a.kind == Node::Kind::kColumn) {
          SLUICE_ASSIGN_OR_RETURN(const Column* c, ColumnOf(batch, a.column));
          args.push_back(c);
          continue;
        }
        if (a.kind == Node::Kind::kLiteral && k < 64 &&
            ((f->literals_taken_at_bind >> k) & 1) != 0) {
          owned[k].emplace(a.literal_type);
        } else {
          SLUICE_ASSIGN_OR_RETURN(owned[k], EvalNode(a, batch, ctx, scope));
        }
        args.push_back(&*owned[k]);
      }
      SLUICE_ASSIGN_OR_RETURN(Column out, f->kernel(ArgColumns(std::move(args)), batch.num_rows()));
      SLUICE_CHECK(out.size() == batch.num_rows() && out.type() == f->type,
                   "a kernel returns one value of its bound type per row");
      return out;
    }
  }
  return Status::InvalidArgument("unknown expression");
}

std::string NodeToString(const Node& n) {
  switch (n.kind) {
    case Node::Kind::kColumn:
      return n.column;
    case Node::Kind::kLiteral:  // Spark writes the untyped null NULL
      if (n.literal_type.id() == TypeId::kNull) return "NULL";
      return ValueToString(n.literal, n.literal_type);
    case Node::Kind::kInterval:
      return "INTERVAL " + std::to_string(n.interval_us) + " us";
    case Node::Kind::kCall:
      break;
    case Node::Kind::kInvalid:
      return "<" + n.error + ">";
    case Node::Kind::kFunction: {
      std::string out = n.function + "(";
      for (size_t i = 0; i < n.args.size(); ++i) out += (i ? ", " : "") + NodeToString(*n.args[i]);
      return out + ")";
    }
  }
  static const std::map<Fn, std::string> infix{
      {Fn::kAdd, " + "}, {Fn::kSub, " - "}, {Fn::kMul, " * "}, {Fn::kDiv, " / "},
      {Fn::kMod, " % "}, {Fn::kEq, " = "},  {Fn::kNe, " != "}, {Fn::kLt, " < "},
      {Fn::kLe, " <= "}, {Fn::kGt, " > "},  {Fn::kGe, " >= "}, {Fn::kAnd, " AND "},
      {Fn::kOr, " OR "}};
  if (auto it = infix.find(n.fn); it != infix.end() && n.args.size() == 2) {
    return "(" + NodeToString(*n.args[0]) + it->second + NodeToString(*n.args[1]) + ")";
  }
  if (n.fn == Fn::kCast) {
    return "CAST(" + NodeToString(*n.args[0]) + " AS " + TypeName(n.cast_to) + ")";
  }
  std::string out = FnName(n.fn) + "(";
  for (size_t i = 0; i < n.args.size(); ++i) out += (i ? ", " : "") + NodeToString(*n.args[i]);
  return out + ")";
}

}  // namespace

Result<Fn> ParseFnName(const std::string& name) {
  auto it = FnNames().find(name);
  if (it == FnNames().end()) return Status::InvalidArgument("unknown function '" + name + "'");
  return it->second;
}

// An expression bound to one schema: every node's type and bound function.
struct ExprBinding {
  explicit ExprBinding(Schema s) : schema(std::move(s)), scope(schema) {}
  ExprBinding(const ExprBinding&) = delete;
  ExprBinding& operator=(const ExprBinding&) = delete;

  const Schema schema;
  BindScope scope;  // refers to `schema`
  DataType type;    // the tree's result type
};

// The binding of the schema an Expr was last bound to, shared by its copies: a query binds its
// expressions when it starts and evaluates them batch after batch, over the same input schema,
// so a schema is compiled, a pattern or a schema string parsed once, not once a batch.
class ExprBindingCache {
 public:
  // The binding for `schema`, bound now unless the cached one has it. An error is not cached.
  Result<std::shared_ptr<const ExprBinding>> Get(const ExprNode& node, const Schema& schema) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (binding_ != nullptr && binding_->schema == schema) return binding_;
    }
    auto binding = std::make_shared<ExprBinding>(schema);
    SLUICE_ASSIGN_OR_RETURN(binding->type, BindNode(node, binding->scope));
    std::lock_guard<std::mutex> lock(mu_);
    binding_ = binding;
    return std::shared_ptr<const ExprBinding>(std::move(binding));
  }

 private:
  std::mutex mu_;
  std::shared_ptr<const ExprBinding> binding_;
};

Expr::Expr(std::shared_ptr<const ExprNode> node)
    : node_(std::move(node)), bindings_(std::make_shared<ExprBindingCache>()) {}

Result<DataType> Expr::Bind(const Schema& schema) const {
  SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<const ExprBinding> binding,
                          bindings_->Get(*node_, schema));
  return binding->type;
}
Result<Column> Expr::Evaluate(const RecordBatch& batch, const EvalContext& ctx) const {
  SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<const ExprBinding> binding,
                          bindings_->Get(*node_, batch.schema()));
  BindScope scope(batch.schema(), &binding->scope);
  return EvalNode(*node_, batch, ctx, scope);
}
std::string Expr::ToString() const { return NodeToString(*node_); }

}  // namespace sluice::engine
