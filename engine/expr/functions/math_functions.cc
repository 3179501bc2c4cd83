// The math functions of Spark SQL (engine/expr/function.h): abs, round, floor, ceil, pow, sqrt,
// exp, log, pmod, greatest, least.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <type_traits>

#include "engine/expr/function.h"
#include "engine/expr/functions/cell_order.h"
#include "engine/expr/functions/math_internal.h"
#include "engine/types/decimal.h"

namespace sluice::engine {
namespace {

using math_internal::CheckNumeric;
using math_internal::DecimalSpecOf;
using math_internal::MapRows;
using math_internal::MapRows2;

// Scala's Double.toLong: saturating, NaN is 0.
int64_t SaturatingToInt64(double x) {
  if (std::isnan(x)) return 0;
  if (x >= 9223372036854775807.0) return std::numeric_limits<int64_t>::max();
  if (x <= -9223372036854775808.0) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(x);
}

// Spark's round of a finite double (or a float widened to one): the shortest decimal digits
// that read back to x (BigDecimal.valueOf, Java's Double.toString), rounded HALF_UP to `scale`
// digits after the point, read back as a T (BigDecimal.doubleValue / floatValue). Zero is +0.
template <typename T>
T RoundDouble(double x, int scale) {
  if (x == 0) return 0;
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof(buf), x, std::chars_format::scientific);
  const std::string text(buf, res.ptr);
  const size_t e_pos = text.find('e');
  const bool negative = text[0] == '-';
  std::string digits;  // d1 d2 ... dn: |x| is d1.d2...dn * 10^exp10
  for (size_t k = negative ? 1 : 0; k < e_pos; ++k) {
    if (text[k] != '.') digits += text[k];
  }
  const int64_t exp10 = std::strtol(text.c_str() + e_pos + 1, nullptr, 10);
  const int64_t last = exp10 - static_cast<int64_t>(digits.size()) + 1;  // power of the last digit
  if (last >= -static_cast<int64_t>(scale)) return static_cast<T>(x);
  const int64_t keep = static_cast<int64_t>(digits.size()) - (-static_cast<int64_t>(scale) - last);
  std::string kept = keep > 0 ? digits.substr(0, static_cast<size_t>(keep)) : "";
  const bool up = keep >= 0 && digits[static_cast<size_t>(keep)] >= '5';
  if (up) {
    int64_t k = static_cast<int64_t>(kept.size()) - 1;
    while (k >= 0 && kept[static_cast<size_t>(k)] == '9') kept[static_cast<size_t>(k--)] = '0';
    if (k >= 0) {
      ++kept[static_cast<size_t>(k)];
    } else {
      kept.insert(kept.begin(), '1');
    }
  }
  if (kept.empty() || kept.find_first_not_of('0') == std::string::npos) return 0;
  const std::string out = (negative ? "-" : "") + kept + "e" + std::to_string(-int64_t{scale});
  if constexpr (std::is_same_v<T, float>) return std::strtof(out.c_str(), nullptr);
  return std::strtod(out.c_str(), nullptr);
}

// abs(e): e's type; integers wrap (abs of the minimum is the minimum), as in Spark.
Result<BoundFunction> BindAbs(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
  SLUICE_RETURN_IF_ERROR(CheckNumeric(name, args, 0));
  const DataType type = args[0].type.id() == TypeId::kNull ? DataType::kDouble : args[0].type;
  FunctionKernel kernel;
  switch (type.id()) {
    case TypeId::kInt32:
      kernel = [](const ArgColumns& c, size_t) -> Result<Column> {
        return MapRows(c[0], DataType::kInt32, [&](size_t i, Column& out) {
          const int32_t x = c[0].Int32(i);
          out.AppendInt32(x < 0 ? static_cast<int32_t>(0u - static_cast<uint32_t>(x)) : x);
        });
      };
      break;
    case TypeId::kInt64:
      kernel = [](const ArgColumns& c, size_t) -> Result<Column> {
        return MapRows(c[0], DataType::kInt64, [&](size_t i, Column& out) {
          const int64_t x = c[0].Int(i);
          out.AppendInt(x < 0 ? static_cast<int64_t>(0ull - static_cast<uint64_t>(x)) : x);
        });
      };
      break;
    case TypeId::kFloat:
      kernel = [](const ArgColumns& c, size_t) -> Result<Column> {
        return MapRows(c[0], DataType::kFloat,
                       [&](size_t i, Column& out) { out.AppendFloat(std::fabs(c[0].Float(i))); });
      };
      break;
    case TypeId::kDecimal:
      kernel = [type](const ArgColumns& c, size_t) -> Result<Column> {
        return MapRows(c[0], type, [&](size_t i, Column& out) {
          const Int128 x = c[0].Decimal(i);
          out.AppendDecimal(x < 0 ? -x : x);
        });
      };
      break;
    default:
      kernel = [](const ArgColumns& c, size_t) -> Result<Column> {
        const cell_order::Converted cd(c[0], DataType::kDouble);
        const Column& d = cd[0];
        return MapRows(d, DataType::kDouble,
                       [&](size_t i, Column& out) { out.AppendDouble(std::fabs(d.Double(i))); });
      };
  }
  return BoundFunction{type, std::move(kernel)};
}

// An integer rounded HALF_UP to a multiple of 10^-scale (scale < 0), keeping the low 64 bits as
// BigDecimal.longValue does.
int64_t RoundIntegral(int64_t v, int scale) {
  if (scale >= 0) return v;
  if (scale < -19) return 0;  // |v| < 9.3e18 < 10^20 / 2
  const Int128 m = Pow10(-scale);
  Int128 q = v / m;
  const Int128 r = v % m;
  if (2 * (r < 0 ? -r : r) >= m) q += v < 0 ? -1 : 1;
  return static_cast<int64_t>(static_cast<uint64_t>(static_cast<unsigned __int128>(q * m)));
}

// The kernel of round(e, scale) for e of type `type`.
FunctionKernel RoundKernel(const DataType& type, const DataType& out_type, int scale) {
  switch (type.id()) {
    case TypeId::kInt32:
    case TypeId::kInt64:
      return [type, scale](const ArgColumns& c, size_t) -> Result<Column> {
        return MapRows(c[0], type, [&](size_t i, Column& out) {
          out.AppendIntegral(RoundIntegral(c[0].AsInt64(i), scale));
        });
      };
    case TypeId::kFloat:
      return [scale](const ArgColumns& c, size_t) -> Result<Column> {
        return MapRows(c[0], DataType::kFloat, [&](size_t i, Column& out) {
          const float x = c[0].Float(i);
          out.AppendFloat(std::isfinite(x) ? RoundDouble<float>(x, scale) : x);
        });
      };
    case TypeId::kDecimal:
      return [type, out_type, scale](const ArgColumns& c, size_t) -> Result<Column> {
        const DecimalSpec spec = DecimalSpecOf(type);
        return MapRows(c[0], out_type, [&](size_t i, Column& out) {
          std::optional<Int128> v = DecimalRound(c[0].Decimal(i), spec, scale);
          v ? out.AppendDecimal(*v) : out.AppendNull();
        });
      };
    default:
      return [scale](const ArgColumns& c, size_t) -> Result<Column> {
        const cell_order::Converted cd(c[0], DataType::kDouble);
        const Column& d = cd[0];
        return MapRows(d, DataType::kDouble, [&](size_t i, Column& out) {
          const double x = d.Double(i);
          out.AppendDouble(std::isfinite(x) ? RoundDouble<double>(x, scale) : x);
        });
      };
  }
}

// round(e[, scale]): HALF_UP to `scale` (a literal, default 0) digits after the point; e's type
// (a decimal's as DecimalRoundSpec says). A null scale gives null.
Result<BoundFunction> BindRound(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 2));
  SLUICE_RETURN_IF_ERROR(CheckNumeric(name, args, 0));
  int scale = 0;
  bool null_scale = false;
  if (args.size() == 2) {
    const FunctionArg& s = args[1];
    if (!s.is_literal || !s.type.is_integral()) {
      return FunctionArgError(name, 1, s, "must be an integer literal");
    }
    null_scale = !s.literal || IsNull(*s.literal);
    if (!null_scale) scale = static_cast<int32_t>(std::get<int64_t>(*s.literal));
  }
  DataType type = args[0].type.id() == TypeId::kNull ? DataType::kDouble : args[0].type;
  DataType out_type = type;
  if (type.id() == TypeId::kDecimal) {
    const DecimalSpec r = DecimalRoundSpec(DecimalSpecOf(type), scale);
    out_type = DataType::Decimal(r.precision, r.scale);
  }
  if (null_scale) {
    return BoundFunction{out_type, [out_type](const ArgColumns&, size_t rows) {
                           return Result<Column>(cell_order::NullColumn(out_type, rows));
                         }};
  }
  return BoundFunction{out_type, RoundKernel(type, out_type, scale)};
}

// floor(e), ceil(e): a long, or for a decimal(p, s) a decimal(p - s + 1, 0).
FunctionBinder FloorCeil(bool ceil) {
  return [ceil](const std::string& name,
                const std::vector<FunctionArg>& args) -> Result<BoundFunction> {
    SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
    SLUICE_RETURN_IF_ERROR(CheckNumeric(name, args, 0));
    const DataType& in = args[0].type;
    if (in.id() == TypeId::kDecimal) {
      const DecimalSpec r = DecimalFloorCeilSpec(DecimalSpecOf(in));
      const DataType type = DataType::Decimal(r.precision, r.scale);
      const int scale = in.scale();
      return BoundFunction{
          type, [type, scale, ceil](const ArgColumns& c, size_t) {
            return Result<Column>(MapRows(c[0], type, [&](size_t i, Column& out) {
              const Int128 x = c[0].Decimal(i);
              out.AppendDecimal(ceil ? DecimalCeil(x, scale) : DecimalFloor(x, scale));
            }));
          }};
    }
    if (in.is_integral()) {
      return BoundFunction{DataType::kInt64, [](const ArgColumns& c, size_t) {
                             return Result<Column>(CastColumn(c[0], DataType::kInt64));
                           }};
    }
    return BoundFunction{
        DataType::kInt64, [ceil](const ArgColumns& c, size_t) {
          const cell_order::Converted cd(c[0], DataType::kDouble);
          const Column& d = cd[0];
          return Result<Column>(MapRows(d, DataType::kInt64, [&](size_t i, Column& out) {
            const double x = d.Double(i);
            out.AppendInt(SaturatingToInt64(ceil ? std::ceil(x) : std::floor(x)));
          }));
        }};
  };
}

// Refuses an argument Spark cannot cast to a double implicitly: a number, a string (a malformed
// one reads as null) or an untyped null.
Status CheckDoubleInput(const std::string& name, const std::vector<FunctionArg>& args, size_t k) {
  if (args[k].type == DataType::kString) return Status::Ok();
  return CheckNumeric(name, args, k);
}

// A function of one double: f(x, out) appends the result of a non-null x.
template <typename F>
FunctionBinder UnaryDouble(F f) {
  return
      [f](const std::string& name, const std::vector<FunctionArg>& args) -> Result<BoundFunction> {
        SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
        SLUICE_RETURN_IF_ERROR(CheckDoubleInput(name, args, 0));
        return BoundFunction{
            DataType::kDouble, [f](const ArgColumns& c, size_t) {
              const cell_order::Converted cx(c[0], DataType::kDouble);
              const Column& x = cx[0];
              return Result<Column>(MapRows(x, DataType::kDouble,
                                            [&](size_t i, Column& out) { f(x.Double(i), out); }));
            }};
      };
}

// A function of two doubles: f(x, y, out) appends the result of non-null x and y.
template <typename F>
Column BinaryDouble(const Column& a, const Column& b, F f) {
  const cell_order::Converted cx(a, DataType::kDouble), cy(b, DataType::kDouble);
  const Column& x = cx[0];
  const Column& y = cy[0];
  return MapRows2(x, y, DataType::kDouble,
                  [&](size_t i, Column& out) { f(x.Double(i), y.Double(i), out); });
}

// pow(a, b): a double.
Result<BoundFunction> BindPow(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
  for (size_t k = 0; k < 2; ++k) SLUICE_RETURN_IF_ERROR(CheckDoubleInput(name, args, k));
  return BoundFunction{
      DataType::kDouble, [](const ArgColumns& c, size_t) {
        return Result<Column>(BinaryDouble(
            c[0], c[1], [](double x, double y, Column& out) { out.AppendDouble(std::pow(x, y)); }));
      }};
}

// log(x), the natural logarithm, or log(base, x): a double, null when an argument is <= 0.
Result<BoundFunction> BindLog(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 2));
  for (size_t k = 0; k < args.size(); ++k) SLUICE_RETURN_IF_ERROR(CheckDoubleInput(name, args, k));
  if (args.size() == 1) {
    return UnaryDouble([](double x, Column& out) {
      x <= 0 ? out.AppendNull() : out.AppendDouble(std::log(x));
    })(name, args);
  }
  return BoundFunction{
      DataType::kDouble, [](const ArgColumns& c, size_t) {
        return Result<Column>(BinaryDouble(c[0], c[1], [](double base, double x, Column& out) {
          (base <= 0 || x <= 0) ? out.AppendNull() : out.AppendDouble(std::log(x) / std::log(base));
        }));
      }};
}

}  // namespace

void AddMathFunctions(FunctionTable* table) {
  // A string argument is cast to a double (Spark's ImplicitTypeCasts for NumericType inputs).
  table->emplace_back("abs", StringsAsDoubles(BindAbs, {0}));
  table->emplace_back("round", StringsAsDoubles(BindRound, {0}));
  table->emplace_back("floor", StringsAsDoubles(FloorCeil(false), {0}));
  table->emplace_back("ceil", StringsAsDoubles(FloorCeil(true), {0}));
  table->emplace_back("pow", BindPow);
  table->emplace_back("sqrt",
                      UnaryDouble([](double x, Column& out) { out.AppendDouble(std::sqrt(x)); }));
  table->emplace_back("exp",
                      UnaryDouble([](double x, Column& out) { out.AppendDouble(std::exp(x)); }));
  table->emplace_back("log", BindLog);
  math_internal::AddMathArithFunctions(table);
}

}  // namespace sluice::engine
