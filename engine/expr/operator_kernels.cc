#include "engine/expr/operator_kernels.h"

#include <cmath>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

namespace sluice::engine {

namespace {

// Calls `f` with the cells of a long, int or double column as a typed span and returns true; false
// for any other type. Kernels use it to choose a typed loop once per column, not once per cell.
template <class F>
bool VisitNumeric(const Column& c, F&& f) {
  if (c.type() == DataType::kInt64) {
    f(c.int64s());
  } else if (c.type() == DataType::kInt32) {
    f(c.int32s());
  } else if (c.type() == DataType::kDouble) {
    f(c.doubles());
  } else {
    return false;
  }
  return true;
}

// Calls `f` with both columns' typed spans when both are long, int or double.
template <class F>
bool VisitNumericPair(const Column& a, const Column& b, F&& f) {
  bool both = false;
  VisitNumeric(a, [&](auto x) { both = VisitNumeric(b, [&](auto y) { f(x, y); }); });
  return both;
}

// Appends `x fn y` for +, -, *, /, % in doubles: null for / and % by zero.
void AppendDoubleResult(Fn fn, double x, double y, Column& out) {
  switch (fn) {
    case Fn::kAdd:
      return out.AppendDouble(x + y);
    case Fn::kSub:
      return out.AppendDouble(x - y);
    case Fn::kMul:
      return out.AppendDouble(x * y);
    case Fn::kDiv:
      return y == 0 ? out.AppendNull() : out.AppendDouble(x / y);
    default:
      return y == 0 ? out.AppendNull() : out.AppendDouble(std::fmod(x, y));
  }
}

// Appends `x fn y` for +, -, *, % in 64-bit integers that wrap: null for % by zero and for
// INT64_MIN % -1.
void AppendIntegralResult(Fn fn, int64_t x, int64_t y, Column& out) {
  switch (fn) {
    case Fn::kAdd:
      return out.AppendIntegral(static_cast<int64_t>(static_cast<uint64_t>(x) + y));
    case Fn::kSub:
      return out.AppendIntegral(static_cast<int64_t>(static_cast<uint64_t>(x) - y));
    case Fn::kMul:
      return out.AppendIntegral(static_cast<int64_t>(static_cast<uint64_t>(x) * y));
    default:
      return y == 0 || (x == INT64_MIN && y == -1) ? out.AppendNull() : out.AppendIntegral(x % y);
  }
}

// Arithmetic over typed cells, a row's result null where either operand is null (or, for / and %,
// where the divisor is 0): the same results as the generic loop below.
template <class X, class Y>
Column TypedArithmetic(Fn fn, std::span<const X> x, std::span<const Y> y, const Column& a,
                       const Column& b, const DataType& out_type) {
  const size_t rows = x.size();
  const bool nulls = a.null_count() > 0 || b.null_count() > 0;
  Column out(out_type);
  if (!nulls && fn != Fn::kDiv && fn != Fn::kMod &&
      (out_type == DataType::kDouble || out_type == DataType::kInt64)) {
    // Every row is valid: one loop per operator into a buffer, appended in bulk.
    const auto fill = [&](auto tag, auto op) {
      using T = decltype(tag);
      std::vector<T> values(rows);
      for (size_t i = 0; i < rows; ++i) values[i] = op(static_cast<T>(x[i]), static_cast<T>(y[i]));
      if constexpr (std::is_same_v<T, double>) {
        out.AppendDoubles(values);
      } else {
        out.AppendInts(values);
      }
    };
    // Integers wrap: unsigned arithmetic, as below.
    const auto wrap = [](auto f) {
      return [f](int64_t l, int64_t r) {
        return static_cast<int64_t>(f(static_cast<uint64_t>(l), static_cast<uint64_t>(r)));
      };
    };
    const auto add = [](auto l, auto r) { return l + r; };
    const auto sub = [](auto l, auto r) { return l - r; };
    const auto mul = [](auto l, auto r) { return l * r; };
    if (out_type == DataType::kDouble) {
      fn == Fn::kAdd ? fill(0.0, add) : fn == Fn::kSub ? fill(0.0, sub) : fill(0.0, mul);
    } else {
      fn == Fn::kAdd   ? fill(int64_t{0}, wrap(add))
      : fn == Fn::kSub ? fill(int64_t{0}, wrap(sub))
                       : fill(int64_t{0}, wrap(mul));
    }
    return out;
  }
  out.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    if (nulls && (a.IsNull(i) || b.IsNull(i))) {
      out.AppendNull();
    } else if (out_type == DataType::kDouble) {
      AppendDoubleResult(fn, static_cast<double>(x[i]), static_cast<double>(y[i]), out);
    } else {
      AppendIntegralResult(fn, static_cast<int64_t>(x[i]), static_cast<int64_t>(y[i]), out);
    }
  }
  return out;
}

// Whether a comparison's outcome `c` (negative, zero, positive) satisfies `fn`.
bool Satisfies(Fn fn, int c) {
  switch (fn) {
    case Fn::kEq:
      return c == 0;
    case Fn::kNe:
      return c != 0;
    case Fn::kLt:
      return c < 0;
    case Fn::kLe:
      return c <= 0;
    case Fn::kGt:
      return c > 0;
    default:
      return c >= 0;
  }
}

// A comparison over typed cells: integers as int64 when both sides are integral, else as doubles,
// as Compare below does.
template <class X, class Y>
Column TypedComparison(Fn fn, std::span<const X> x, std::span<const Y> y, const Column& a,
                       const Column& b) {
  const size_t rows = x.size();
  const bool nulls = a.null_count() > 0 || b.null_count() > 0;
  using Common =
      std::conditional_t<std::is_integral_v<X> && std::is_integral_v<Y>, int64_t, double>;
  Column out(DataType::kBool);
  if (!nulls) {
    std::vector<uint8_t> values(rows);
    for (size_t i = 0; i < rows; ++i) {
      const auto l = static_cast<Common>(x[i]), r = static_cast<Common>(y[i]);
      values[i] = Satisfies(fn, l < r ? -1 : (l > r ? 1 : 0)) ? 1 : 0;
    }
    out.AppendBools(values);
    return out;
  }
  out.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    if (nulls && (a.IsNull(i) || b.IsNull(i))) {
      out.AppendNull();
      continue;
    }
    const auto l = static_cast<Common>(x[i]), r = static_cast<Common>(y[i]);
    out.AppendBool(Satisfies(fn, l < r ? -1 : (l > r ? 1 : 0)));
  }
  return out;
}

}  // namespace

Column EvalArithmetic(Fn fn, const Column& a, const Column& b, DataType out_type) {
  const auto integral = [](const Column& c) {
    return c.type() == DataType::kInt64 || c.type() == DataType::kInt32;
  };
  if (out_type == DataType::kDouble ||
      ((out_type == DataType::kInt64 || out_type == DataType::kInt32) && integral(a) &&
       integral(b))) {
    std::optional<Column> typed;
    if (VisitNumericPair(
            a, b, [&](auto x, auto y) { typed = TypedArithmetic(fn, x, y, a, b, out_type); })) {
      return std::move(*typed);
    }
  }
  const size_t rows = a.size();
  Column out(out_type);
  out.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    if (a.IsNull(i) || b.IsNull(i)) {
      out.AppendNull();
    } else if (out_type == DataType::kDouble) {
      AppendDoubleResult(fn, a.AsDouble(i), b.AsDouble(i), out);
    } else {
      AppendIntegralResult(fn, a.AsInt64(i), b.AsInt64(i), out);
    }
  }
  return out;
}

namespace {

int Compare(const Column& a, size_t i, const Column& b) {
  if (a.type() == DataType::kString || a.type() == DataType::kBinary) {
    return a.String(i).compare(b.String(i));
  }
  if (a.type() == DataType::kBool) return static_cast<int>(a.Bool(i)) - static_cast<int>(b.Bool(i));
  if (!a.type().is_integral() || !b.type().is_integral()) {
    const double x = a.AsDouble(i), y = b.AsDouble(i);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  const int64_t x = a.AsInt64(i), y = b.AsInt64(i);
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace

Column EvalComparison(Fn fn, const Column& a, const Column& b) {
  std::optional<Column> typed;
  if (VisitNumericPair(a, b, [&](auto x, auto y) { typed = TypedComparison(fn, x, y, a, b); })) {
    return std::move(*typed);
  }
  Column out(DataType::kBool);
  out.Reserve(a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    if (a.IsNull(i) || b.IsNull(i)) {
      out.AppendNull();
      continue;
    }
    out.AppendBool(Satisfies(fn, Compare(a, i, b)));
  }
  return out;
}

Column EvalLogic(Fn fn, const Column& a, const Column& b) {
  Column out(DataType::kBool);
  if (a.null_count() == 0 && b.null_count() == 0) {  // two-valued: one pass, appended in bulk
    const auto x = a.bools(), y = b.bools();
    std::vector<uint8_t> values(a.size());
    for (size_t i = 0; i < values.size(); ++i)
      values[i] = fn == Fn::kAnd ? x[i] & y[i] : x[i] | y[i];
    out.AppendBools(values);
    return out;
  }
  out.Reserve(a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    const bool an = a.IsNull(i), bn = b.IsNull(i);
    const bool av = !an && a.Bool(i), bv = !bn && b.Bool(i);
    if (fn == Fn::kAnd) {
      if ((!an && !av) || (!bn && !bv)) {
        out.AppendBool(false);
      } else if (an || bn) {
        out.AppendNull();
      } else {
        out.AppendBool(true);
      }
    } else {
      if (av || bv) {
        out.AppendBool(true);
      } else if (an || bn) {
        out.AppendNull();
      } else {
        out.AppendBool(false);
      }
    }
  }
  return out;
}

}  // namespace sluice::engine
