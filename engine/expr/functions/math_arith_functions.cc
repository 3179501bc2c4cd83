// The math functions of Spark SQL that combine several arguments (engine/expr/function.h): pmod,
// greatest, least. Added by AddMathFunctions (math_functions.cc).
#include <array>
#include <cmath>
#include <type_traits>

#include "engine/expr/functions/math_internal.h"

namespace sluice::engine::math_internal {
namespace {

using cell_order::CoercionType;
using cell_order::Converted;
using cell_order::IsUntypedNull;

// Java's pmod of integers (Spark's Pmod): r = a % n, and when r < 0, (r + n) % n, with Java's
// wrapping arithmetic (MIN % -1 is 0). REQUIRES: n != 0.
template <typename T>
T PmodIntegral(T a, T n) {
  using U = std::make_unsigned_t<T>;
  if (n == -1) return 0;
  const T r = a % n;
  if (r >= 0) return r;
  return static_cast<T>(static_cast<U>(r) + static_cast<U>(n)) % n;
}

// The same for floats and doubles (Java's % is fmod). REQUIRES: n != 0.
template <typename T>
T PmodFloating(T a, T n) {
  const T r = std::fmod(a, n);
  return r < 0 ? std::fmod(static_cast<T>(r + n), n) : r;
}

// The decimal type an operand of decimal pmod takes (the integer operand rule of decimal.h): its
// own; for an integer literal the fewest digits its value needs; decimal(10,0) for an int and
// decimal(20,0) for a long; an untyped null takes the other operand's.
DecimalSpec PmodOperandSpec(const FunctionArg& arg, const FunctionArg& other) {
  if (arg.type.id() == TypeId::kDecimal) return DecimalSpecOf(arg.type);
  if (IsUntypedNull(arg)) return PmodOperandSpec(other, arg);
  if (arg.is_literal && arg.literal && std::holds_alternative<int64_t>(*arg.literal)) {
    return DecimalSpecForIntegerLiteral(std::get<int64_t>(*arg.literal));
  }
  return arg.type.id() == TypeId::kInt32 ? kIntDecimalSpec : kLongDecimalSpec;
}

Result<BoundFunction> BindDecimalPmod(const std::vector<FunctionArg>& args) {
  const DecimalSpec a = PmodOperandSpec(args[0], args[1]);
  const DecimalSpec b = PmodOperandSpec(args[1], args[0]);
  const DecimalSpec r = DecimalResultSpec(DecimalOp::kPmod, a, b);
  const DataType type = DataType::Decimal(r.precision, r.scale);
  const bool untyped_a = IsUntypedNull(args[0]), untyped_b = IsUntypedNull(args[1]);
  FunctionKernel kernel = [=](const ArgColumns& c, size_t) -> Result<Column> {
    const Converted cx(c, {untyped_a, false}, {0}, DataType::Decimal(a.precision, a.scale));
    const Converted cy(c, {false, untyped_b}, {1}, DataType::Decimal(b.precision, b.scale));
    const Column& x = cx[0];
    const Column& y = cy[0];
    return MapRows2(x, y, type, [&](size_t i, Column& out) {
      std::optional<Int128> v =
          DecimalCompute(DecimalOp::kPmod, x.Decimal(i), a, y.Decimal(i), b, r);
      v ? out.AppendDecimal(*v) : out.AppendNull();
    });
  };
  return BoundFunction{type, std::move(kernel)};
}

// The pmod kernel over two columns of `type`, read with `get` and written with `put`.
template <typename T, typename Get, typename Put>
FunctionKernel PmodKernel(const DataType& type, std::array<bool, 2> untyped, Get get, Put put) {
  return [=](const ArgColumns& c, size_t) -> Result<Column> {
    const Converted v(c, {untyped[0], untyped[1]}, {0, 1}, type);
    const Column& x = v[0];
    const Column& y = v[1];
    return MapRows2(x, y, type, [&](size_t i, Column& out) {
      const T n = (y.*get)(i);
      if (n == 0) {
        out.AppendNull();
      } else if constexpr (std::is_integral_v<T>) {
        (out.*put)(PmodIntegral<T>((x.*get)(i), n));
      } else {
        (out.*put)(PmodFloating<T>((x.*get)(i), n));
      }
    });
  };
}

// pmod(a, b): the positive modulus in the common type of a and b (a decimal one as
// DecimalOp::kPmod says); null for a zero divisor.
Result<BoundFunction> BindPmod(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
  for (size_t k = 0; k < 2; ++k) SLUICE_RETURN_IF_ERROR(CheckNumeric(name, args, k));
  const DataType a = CoercionType(args[0]), b = CoercionType(args[1]);
  const bool floating = a.is_floating() || b.is_floating();
  if (!floating && (a.id() == TypeId::kDecimal || b.id() == TypeId::kDecimal)) {
    return BindDecimalPmod(args);
  }
  DataType type = *WiderType(a, b);
  if (type.id() == TypeId::kNull) type = DataType::kDouble;
  const std::array<bool, 2> untyped{IsUntypedNull(args[0]), IsUntypedNull(args[1])};
  switch (type.id()) {
    case TypeId::kInt32:
      return BoundFunction{
          type, PmodKernel<int32_t>(type, untyped, &Column::Int32, &Column::AppendInt32)};
    case TypeId::kInt64:
      return BoundFunction{type,
                           PmodKernel<int64_t>(type, untyped, &Column::Int, &Column::AppendInt)};
    case TypeId::kFloat:
      return BoundFunction{type,
                           PmodKernel<float>(type, untyped, &Column::Float, &Column::AppendFloat)};
    default:
      return BoundFunction{
          type, PmodKernel<double>(type, untyped, &Column::Double, &Column::AppendDouble)};
  }
}

// greatest(e1, e2, ...), least(...): the greatest (least) non-null argument in the arguments'
// common type, null when all are null.
FunctionBinder GreatestLeast(bool greatest) {
  return [greatest](const std::string& name,
                    const std::vector<FunctionArg>& args) -> Result<BoundFunction> {
    SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, SIZE_MAX));
    const std::vector<size_t> all = cell_order::AllIndices(args.size());
    SLUICE_ASSIGN_OR_RETURN(const DataType type, cell_order::CommonType(name, args, all));
    for (size_t k : all) {
      if (!cell_order::IsOrderable(args[k].type)) {
        return FunctionArgError(name, k, args[k], "cannot be ordered");
      }
      SLUICE_RETURN_IF_ERROR(cell_order::CheckCastable(name, args, k, type));
    }
    std::vector<bool> untyped;
    for (const FunctionArg& a : args) untyped.push_back(IsUntypedNull(a));
    FunctionKernel kernel = [type, untyped, greatest](const ArgColumns& c,
                                                      size_t rows) -> Result<Column> {
      const Converted v(c, untyped, cell_order::AllIndices(c.size()), type);
      Column out(type);
      out.Reserve(rows);
      for (size_t i = 0; i < rows; ++i) {
        const Column* best = nullptr;
        for (size_t k = 0; k < v.size(); ++k) {
          const Column& col = v[k];
          if (col.IsNull(i)) continue;
          if (best == nullptr) {
            best = &col;
            continue;
          }
          const int cmp = cell_order::CompareCells(col, i, *best, i);
          if (greatest ? cmp > 0 : cmp < 0) best = &col;
        }
        best ? out.AppendFrom(*best, i) : out.AppendNull();
      }
      return out;
    };
    return BoundFunction{type, std::move(kernel)};
  };
}

}  // namespace

void AddMathArithFunctions(FunctionTable* table) {
  // A string operand is cast to a double (Spark's PromoteStrings, as for the other arithmetic).
  table->emplace_back("pmod", StringsAsDoubles(BindPmod, {0, 1}));
  table->emplace_back("greatest", GreatestLeast(true));
  table->emplace_back("least", GreatestLeast(false));
}

}  // namespace sluice::engine::math_internal
