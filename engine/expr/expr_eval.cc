#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <unordered_map>

#include "engine/expr/cast.h"
#include "engine/expr/expr_binding.h"
#include "engine/expr/function.h"
#include "engine/expr/operator_kernels.h"
#include "engine/types/datetime.h"
#include "engine/types/decimal.h"
#include "engine/types/duration.h"
#include "engine/types/type_coercion.h"

namespace sluice::engine {
namespace expr_detail {

Result<Column> EvalNode(const Node& n, const RecordBatch& batch, const EvalContext& ctx,
                        BindScope& scope);

// The column a reference names in `batch`: a top-level column or a field of a struct column.
Result<const Column*> ColumnOf(const RecordBatch& batch, const std::string& name) {
  SLUICE_ASSIGN_OR_RETURN(ColumnPath path, ResolveColumn(batch.schema(), name));
  const Column* c = &batch.column(path.column);
  for (size_t f : path.fields) c = &c->child(f);
  return c;
}

Column Broadcast(const Value& v, DataType type, size_t rows) {
  Column c(type);
  if (const auto* s = std::get_if<std::string>(&v)) {  // a pattern, a schema, a JSON path
    c.ReserveBytes(s->size() * rows);
    for (size_t i = 0; i < rows; ++i) c.AppendString(*s);
    return c;
  }
  // The common literals without a type switch per row.
  if (const auto* i = std::get_if<int64_t>(&v);
      i != nullptr && (type == DataType::kInt64 || type == DataType::kTimestamp)) {
    c.AppendInts(Buffer<int64_t>(rows, *i));  // adopted, not copied
    return c;
  }
  if (const auto* d = std::get_if<double>(&v); d != nullptr && type == DataType::kDouble) {
    c.AppendDoubles(Buffer<double>(rows, *d));
    return c;
  }
  c.Reserve(rows);
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
  const size_t rows = batch.num_rows();
  // The core operators' kernels take a literal (or an interval) as one cell that stands for every
  // row; the rest of the calls get it repeated once per row.
  const bool one_cell_literals = (IsArithmetic(n.fn) && out_type.id() != TypeId::kDecimal) ||
                                 IsComparison(n.fn) || n.fn == Fn::kAnd || n.fn == Fn::kOr;
  // A column reference is borrowed from the batch; anything else is evaluated into `owned`.
  std::vector<std::optional<Column>> owned(n.args.size());  // sized once: pointers stay
  std::vector<const Column*> operands(n.args.size());
  for (size_t k = 0; k < n.args.size(); ++k) {
    const Node& a = *n.args[k];
    if (a.kind == Node::Kind::kInterval) {
      owned[k] = Broadcast(a.interval_us, DataType::kInt64, 1);
    } else if (a.kind == Node::Kind::kLiteral) {  // one cell, cast once below
      owned[k] = Broadcast(a.literal, a.literal_type, 1);
    } else if (a.kind == Node::Kind::kColumn) {
      SLUICE_ASSIGN_OR_RETURN(operands[k], ColumnOf(batch, a.column));
      continue;
    } else {
      SLUICE_ASSIGN_OR_RETURN(owned[k], EvalNode(a, batch, ctx, scope));
    }
    operands[k] = &*owned[k];
  }
  std::vector<DataType> raw;
  for (const Column* c : operands) raw.push_back(c->type());
  const std::vector<DataType> types = OperandTypes(n, raw);
  for (size_t k = 0; k < operands.size(); ++k) {
    const bool one_cell =
        n.args[k]->kind == Node::Kind::kInterval || n.args[k]->kind == Node::Kind::kLiteral;
    if (n.args[k]->kind != Node::Kind::kInterval && types[k] != raw[k]) {
      owned[k] = CastColumn(*operands[k], types[k]);
    }
    if (one_cell && !one_cell_literals) {
      owned[k] = Broadcast(owned[k]->Get(0), owned[k]->type(), rows);
    }
    if (owned[k]) operands[k] = &*owned[k];
  }
  const ArgColumns args(std::move(operands));
  if (IsArithmetic(n.fn)) {
    if (out_type == DataType::kTimestamp) {
      // timestamp +/- interval: integer arithmetic on microseconds, result typed timestamp.
      Column sum = EvalArithmetic(n.fn, args[0], args[1], DataType::kInt64, rows);
      Column out(DataType::kTimestamp);
      if (sum.null_count() == 0) {
        out.AppendInts(sum.int64s());
        return out;
      }
      for (size_t i = 0; i < rows; ++i)
        sum.IsNull(i) ? out.AppendNull() : out.AppendInt(sum.Int(i));
      return out;
    }
    if (out_type.id() == TypeId::kDecimal) return EvalDecimalArithmetic(n, args, out_type);
    return EvalArithmetic(n.fn, args[0], args[1], out_type, rows);
  }
  if (IsComparison(n.fn)) return EvalComparison(n.fn, args[0], args[1], rows);
  Column out(out_type);
  out.Reserve(rows);
  switch (n.fn) {
    case Fn::kAnd:
    case Fn::kOr:
      return EvalLogic(n.fn, args[0], args[1], rows);
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

}  // namespace expr_detail

Result<Column> Expr::Evaluate(const RecordBatch& batch, const EvalContext& ctx) const {
  SLUICE_ASSIGN_OR_RETURN(std::shared_ptr<const ExprBinding> binding,
                          bindings_->Get(*node_, batch.schema()));
  expr_detail::BindScope scope(batch.schema(), &binding->scope);
  return expr_detail::EvalNode(*node_, batch, ctx, scope);
}

Result<std::shared_ptr<const Column>> Expr::EvaluateShared(const RecordBatch& batch,
                                                           const EvalContext& ctx) const {
  if (node_->kind == ExprNode::Kind::kColumn) {
    SLUICE_ASSIGN_OR_RETURN(expr_detail::ColumnPath path,
                            expr_detail::ResolveColumn(batch.schema(), node_->column));
    // A column, or a field of a struct column (whose null rows have null fields), shared.
    std::shared_ptr<const Column> column = batch.SharedColumn(path.column);
    for (size_t f : path.fields) column = column->SharedChild(f);
    return column;
  }
  SLUICE_ASSIGN_OR_RETURN(Column c, Evaluate(batch, ctx));
  return std::shared_ptr<const Column>(std::make_shared<Column>(std::move(c)));
}

}  // namespace sluice::engine
