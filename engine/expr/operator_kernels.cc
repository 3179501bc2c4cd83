#include "engine/expr/operator_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

#include "engine/expr/functions/cell_order.h"
#include "engine/types/key_word_hash.h"
#include "engine/types/string_cells.h"

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

// Row i of an operand that holds a cell per row, or of one that holds a single cell for every row
// (a literal). Typed loops choose the pair of readers once per call, so that the loop itself does
// not test which kind an operand is.
template <class T>
struct EveryRow {
  std::span<const T> cells;
  T operator()(size_t i) const { return cells[i]; }
};
template <class T>
struct OneRow {
  T cell;
  T operator()(size_t) const { return cell; }
};

// Calls `f` with a reader for `x` and one for `y`: OneRow for an operand that does not hold `rows`
// cells (it holds one), EveryRow otherwise.
template <class X, class Y, class F>
void WithReaders(std::span<const X> x, std::span<const Y> y, size_t rows, F&& f) {
  const bool x_one = x.size() != rows, y_one = y.size() != rows;
  if (!x_one && !y_one) return f(EveryRow<X>{x}, EveryRow<Y>{y});
  if (!x_one) return f(EveryRow<X>{x}, OneRow<Y>{y[0]});
  if (!y_one) return f(OneRow<X>{x[0]}, EveryRow<Y>{y});
  return f(OneRow<X>{x[0]}, OneRow<Y>{y[0]});
}

// The index in `c` of row i of a call over `rows` rows: i, or 0 for a one-cell operand.
size_t RowIn(const Column& c, size_t rows, size_t i) { return c.size() == rows ? i : 0; }

void CheckOperands(const Column& a, const Column& b, size_t rows) {
  SLUICE_CHECK((a.size() == rows || a.size() == 1) && (b.size() == rows || b.size() == 1),
               "an operand holds a cell per row or one cell");
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

// `x % y` as Java computes it, which Spark (ANSI off) follows: MIN % -1 is 0, where C++ traps.
// REQUIRES: y != 0.
int64_t Remainder(int64_t x, int64_t y) { return y == -1 ? 0 : x % y; }

// x % d without a division instruction, for x and d that fit in 32 bits unsigned (d > 0): Lemire,
// Kaser and Kurz, "Faster remainder by direct computation" (2019). A column's % by one literal
// divisor, the common case (`id % 3` of a long id), costs a multiply per row instead of a 64-bit
// division. (An int column's % gives an int, which the typed loops do not cover yet.)
class RemainderBy32 {
 public:
  explicit RemainderBy32(uint32_t d) : inverse_(UINT64_MAX / d + 1), d_(d) {}  // d = 1: inverse 0
  uint32_t operator()(uint32_t x) const {
    const uint64_t fraction = inverse_ * x;  // the fractional part of x / d, in 64 bits
    // (fraction * d) >> 64 from 32-bit halves, products that SIMD multiplies can form.
    const uint64_t high = (fraction >> 32) * d_ + (((fraction & 0xFFFFFFFF) * d_) >> 32);
    return static_cast<uint32_t>(high >> 32);
  }

 private:
  uint64_t inverse_;
  uint64_t d_;
};

// Fills `out` with xs[i] % d when every xs[i] and d lie in [0, 2^32) with d > 0 (then Java's %
// is the unsigned one) and returns true; false, with `out` untouched, otherwise.
template <class X>
bool RemainderBySmallDivisor(std::span<const X> xs, int64_t d, Buffer<int64_t>& out) {
  constexpr int64_t kLimit = int64_t{1} << 32;
  if (d <= 0 || d >= kLimit) return false;
  uint64_t bits = 0;  // a negative value or one of 2^32 or more sets a high bit
  for (const X x : xs) bits |= static_cast<uint64_t>(static_cast<int64_t>(x));
  if ((bits >> 32) != 0) return false;
  const RemainderBy32 remainder(static_cast<uint32_t>(d));
  out.resize(xs.size());
  for (size_t i = 0; i < xs.size(); ++i) out[i] = remainder(static_cast<uint32_t>(xs[i]));
  return true;
}

// Appends `x fn y` for +, -, *, % in 64-bit integers that wrap: null for % by zero.
void AppendIntegralResult(Fn fn, int64_t x, int64_t y, Column& out) {
  switch (fn) {
    case Fn::kAdd:
      return out.AppendIntegral(static_cast<int64_t>(static_cast<uint64_t>(x) + y));
    case Fn::kSub:
      return out.AppendIntegral(static_cast<int64_t>(static_cast<uint64_t>(x) - y));
    case Fn::kMul:
      return out.AppendIntegral(static_cast<int64_t>(static_cast<uint64_t>(x) * y));
    default:
      return y == 0 ? out.AppendNull() : out.AppendIntegral(Remainder(x, y));
  }
}

// Arithmetic over typed cells, a row's result null where either operand is null (or, for / and %,
// where the divisor is 0): the same results as the generic loop below.
template <class X, class Y>
Column TypedArithmetic(Fn fn, std::span<const X> xs, std::span<const Y> ys, const Column& a,
                       const Column& b, const DataType& out_type, size_t rows) {
  const bool nulls = a.null_count() > 0 || b.null_count() > 0;
  const bool integral = out_type == DataType::kInt64;
  // / and % give null for a zero divisor (-0.0 included): a divisor column without 0 gives no
  // null, so it takes the loop without nulls too.
  const auto no_zero_divisor = [&] {
    return (fn != Fn::kDiv && fn != Fn::kMod) ||
           std::none_of(ys.begin(), ys.end(), [](Y v) { return v == 0; });
  };
  Column out(out_type);
  if (!nulls && (out_type == DataType::kDouble || integral) && no_zero_divisor()) {
    // Every row is valid: one loop per operator into a buffer that the column then adopts.
    const auto fill = [&](auto tag, auto op) {
      using T = decltype(tag);
      Buffer<T> values(rows);
      WithReaders(xs, ys, rows, [&](auto x, auto y) {
        for (size_t i = 0; i < rows; ++i) {
          values[i] = op(static_cast<T>(x(i)), static_cast<T>(y(i)));
        }
      });
      if constexpr (std::is_same_v<T, double>) {
        out.AppendDoubles(std::move(values));
      } else {
        out.AppendInts(std::move(values));
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
    const auto div = [](double l, double r) { return l / r; };
    const auto fmod = [](double l, double r) { return std::fmod(l, r); };
    const auto mod = [](int64_t l, int64_t r) { return Remainder(l, r); };
    if (out_type == DataType::kDouble) {
      switch (fn) {
        case Fn::kAdd:
          fill(0.0, add);
          break;
        case Fn::kSub:
          fill(0.0, sub);
          break;
        case Fn::kMul:
          fill(0.0, mul);
          break;
        case Fn::kDiv:
          fill(0.0, div);
          break;
        default:
          fill(0.0, fmod);
          break;
      }
      return out;
    }
    switch (fn) {
      case Fn::kAdd:
        fill(int64_t{0}, wrap(add));
        break;
      case Fn::kSub:
        fill(int64_t{0}, wrap(sub));
        break;
      case Fn::kMul:
        fill(int64_t{0}, wrap(mul));
        break;
      default: {  // % (a / of integers is a double)
        if constexpr (std::is_integral_v<X> && std::is_integral_v<Y>) {
          Buffer<int64_t> values;
          if (xs.size() == rows && ys.size() == 1 &&
              RemainderBySmallDivisor(xs, static_cast<int64_t>(ys[0]), values)) {
            out.AppendInts(std::move(values));
            break;
          }
        }
        fill(int64_t{0}, mod);
        break;
      }
    }
    return out;
  }
  out.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    const size_t ia = RowIn(a, rows, i), ib = RowIn(b, rows, i);
    if (nulls && (a.IsNull(ia) || b.IsNull(ib))) {
      out.AppendNull();
    } else if (out_type == DataType::kDouble) {
      AppendDoubleResult(fn, static_cast<double>(xs[ia]), static_cast<double>(ys[ib]), out);
    } else {
      AppendIntegralResult(fn, static_cast<int64_t>(xs[ia]), static_cast<int64_t>(ys[ib]), out);
    }
  }
  return out;
}

// Compares two cells in Spark's order: for doubles, NaN equals NaN and is above every other value
// (infinity included); -0.0 equals 0.0.
template <class T>
int CompareNumbers(T l, T r) {
  if constexpr (std::is_floating_point_v<T>) return cell_order::CompareFloating(l, r);
  return cell_order::CompareOrdered(l, r);
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

// Calls `f` with `fn`, a comparison operator, as a compile-time constant
// (std::integral_constant<Fn, ...>), so that a loop inside `f` does not choose the operator per
// row.
template <class F>
void WithComparisonOperator(Fn fn, F&& f) {
  switch (fn) {
    case Fn::kEq:
      return f(std::integral_constant<Fn, Fn::kEq>{});
    case Fn::kNe:
      return f(std::integral_constant<Fn, Fn::kNe>{});
    case Fn::kLt:
      return f(std::integral_constant<Fn, Fn::kLt>{});
    case Fn::kLe:
      return f(std::integral_constant<Fn, Fn::kLe>{});
    case Fn::kGt:
      return f(std::integral_constant<Fn, Fn::kGt>{});
    default:
      return f(std::integral_constant<Fn, Fn::kGe>{});
  }
}

// Whether `l kFn r` holds in the order of CompareNumbers, without branches, so that a loop of it
// vectorizes: Satisfies(kFn, CompareNumbers(l, r)) for every l and r.
template <Fn kFn, class T>
bool Holds(T l, T r) {
  bool eq = l == r, lt = l<r, gt = l> r;
  if constexpr (std::is_floating_point_v<T>) {
    const bool l_nan = std::isnan(l), r_nan = std::isnan(r);
    eq = eq | (l_nan & r_nan);
    lt = lt | (r_nan & !l_nan);
    gt = gt | (l_nan & !r_nan);
  }
  if constexpr (kFn == Fn::kEq) return eq;
  if constexpr (kFn == Fn::kNe) return !eq;
  if constexpr (kFn == Fn::kLt) return lt;
  if constexpr (kFn == Fn::kLe) return !gt;
  if constexpr (kFn == Fn::kGt) return gt;
  return !lt;  // kGe
}

// A comparison over typed cells: integers as int64 when both sides are integral, else as doubles,
// as Compare below does.
template <class X, class Y>
Column TypedComparison(Fn fn, std::span<const X> xs, std::span<const Y> ys, const Column& a,
                       const Column& b, size_t rows) {
  const bool nulls = a.null_count() > 0 || b.null_count() > 0;
  using Common =
      std::conditional_t<std::is_integral_v<X> && std::is_integral_v<Y>, int64_t, double>;
  Column out(DataType::kBool);
  if (!nulls) {
    Buffer<uint8_t> values(rows);
    WithComparisonOperator(fn, [&](auto op) {
      WithReaders(xs, ys, rows, [&](auto x, auto y) {
        for (size_t i = 0; i < rows; ++i) {
          values[i] = Holds<op()>(static_cast<Common>(x(i)), static_cast<Common>(y(i)));
        }
      });
    });
    out.AppendBools(std::move(values));
    return out;
  }
  out.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    const size_t ia = RowIn(a, rows, i), ib = RowIn(b, rows, i);
    if (a.IsNull(ia) || b.IsNull(ib)) {
      out.AppendNull();
      continue;
    }
    const auto l = static_cast<Common>(xs[ia]), r = static_cast<Common>(ys[ib]);
    out.AppendBool(Satisfies(fn, CompareNumbers(l, r)));
  }
  return out;
}

// Row i of a string or binary operand that holds a cell per row (EveryBytes), and of one that
// holds a single cell for every row: the string readers of WithReaders.
struct OneString {
  std::string_view cell;
  std::string_view operator()(size_t) const { return cell; }
};

// Whether `l kFn r` holds in CompareCells' order of strings and binaries (unsigned bytes); an
// equality tests the lengths first.
template <Fn kFn>
bool HoldsBytes(std::string_view l, std::string_view r) {
  if constexpr (kFn == Fn::kEq || kFn == Fn::kNe) {
    const bool eq = l.size() == r.size() && EqualBytes(l.data(), r.data(), l.size());
    return kFn == Fn::kEq ? eq : !eq;
  }
  return Satisfies(kFn, l.compare(r));
}

// Whether each string of `column` equals (or, `equal` false, does not equal) `literal`, of at
// most eight bytes, into values[0, column.size()), without a branch per row: a string is read as
// the eight bytes at its start, masked to the literal's length, where those bytes lie within the
// column's buffer; the last few strings, where they may not, are compared as they are.
void EqualsShortLiteral(const Column& column, std::string_view literal, bool equal,
                        uint8_t* values) {
  const size_t n = literal.size();
  SLUICE_CHECK(n <= 8, "a literal of at most eight bytes");
  // The literal's bytes and the mask of the first n bytes, in memory order (either byte order).
  uint64_t want = 0;
  std::memcpy(&want, literal.data(), n);
  uint64_t mask = 0;
  std::memset(&mask, 0xFF, n);
  const int64_t* offsets = column.offsets().data();
  const std::string_view bytes = column.bytes();
  const size_t rows = column.size();
  size_t wide = rows;  // strings [0, wide) have eight bytes of the buffer from their start
  while (wide > 0 && static_cast<size_t>(offsets[wide - 1]) + 8 > bytes.size()) --wide;
  for (size_t i = 0; i < wide; ++i) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + offsets[i], 8);
    const bool same =
        (static_cast<size_t>(offsets[i + 1] - offsets[i]) == n) & ((word & mask) == want);
    values[i] = same == equal;
  }
  for (size_t i = wide; i < rows; ++i) {
    values[i] = (EveryBytes(offsets, bytes.data())(i) == literal) == equal;
  }
}

// A comparison of two string columns, or two binary columns, neither with a null: one loop per
// operator and pair of readers, with no per-row Value or type switch.
Column StringComparison(Fn fn, const Column& a, const Column& b, size_t rows) {
  const auto with_reader = [rows](const Column& c, auto&& f) {
    if (c.size() == rows) return f(EveryBytes(c));
    return f(OneString{c.String(0)});
  };
  Buffer<uint8_t> values(rows);
  // A column against a short literal, the usual filter (`event_type = 'view'`).
  const Column* every = a.size() == rows ? &a : &b;
  const Column& one = a.size() == rows ? b : a;
  if ((fn == Fn::kEq || fn == Fn::kNe) && one.size() != rows && one.String(0).size() <= 8 &&
      every->size() == rows) {
    EqualsShortLiteral(*every, one.String(0), fn == Fn::kEq, values.data());
    Column out(DataType::kBool);
    out.AppendBools(std::move(values));
    return out;
  }
  WithComparisonOperator(fn, [&](auto op) {
    with_reader(a, [&](auto x) {
      with_reader(b, [&](auto y) {
        for (size_t i = 0; i < rows; ++i) values[i] = HoldsBytes<op()>(x(i), y(i));
      });
    });
  });
  Column out(DataType::kBool);
  out.AppendBools(std::move(values));
  return out;
}

}  // namespace

Column EvalArithmetic(Fn fn, const Column& a, const Column& b, DataType out_type, size_t rows) {
  CheckOperands(a, b, rows);
  SLUICE_CHECK(fn != Fn::kDiv || out_type == DataType::kDouble, "/ gives a double");
  const auto integral = [](const Column& c) {
    return c.type() == DataType::kInt64 || c.type() == DataType::kInt32;
  };
  if (out_type == DataType::kDouble ||
      ((out_type == DataType::kInt64 || out_type == DataType::kInt32) && integral(a) &&
       integral(b))) {
    std::optional<Column> typed;
    if (VisitNumericPair(a, b, [&](auto x, auto y) {
          typed = TypedArithmetic(fn, x, y, a, b, out_type, rows);
        })) {
      return std::move(*typed);
    }
  }
  Column out(out_type);
  out.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    const size_t ia = RowIn(a, rows, i), ib = RowIn(b, rows, i);
    if (a.IsNull(ia) || b.IsNull(ib)) {
      out.AppendNull();
    } else if (out_type == DataType::kDouble) {
      AppendDoubleResult(fn, a.AsDouble(ia), b.AsDouble(ib), out);
    } else {
      AppendIntegralResult(fn, a.AsInt64(ia), b.AsInt64(ib), out);
    }
  }
  return out;
}

namespace {

// Compares cell i of `a` with cell j of `b`: in Spark's order when both have one type (decimals
// exactly, arrays and structs element by element), else as numbers.
int Compare(const Column& a, size_t i, const Column& b, size_t j) {
  if (a.type() == b.type()) return cell_order::CompareCells(a, i, b, j);
  if (!a.type().is_integral() || !b.type().is_integral()) {
    return CompareNumbers(a.AsDouble(i), b.AsDouble(j));
  }
  return CompareNumbers(a.AsInt64(i), b.AsInt64(j));
}

}  // namespace

Column EvalComparison(Fn fn, const Column& a, const Column& b, size_t rows) {
  CheckOperands(a, b, rows);
  std::optional<Column> typed;
  if (VisitNumericPair(a, b,
                       [&](auto x, auto y) { typed = TypedComparison(fn, x, y, a, b, rows); })) {
    return std::move(*typed);
  }
  if (a.type() == b.type() && IsBytesType(a.type()) && a.null_count() == 0 && b.null_count() == 0) {
    return StringComparison(fn, a, b, rows);
  }
  Column out(DataType::kBool);
  out.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    const size_t ia = RowIn(a, rows, i), ib = RowIn(b, rows, i);
    if (a.IsNull(ia) || b.IsNull(ib)) {
      out.AppendNull();
      continue;
    }
    out.AppendBool(Satisfies(fn, Compare(a, ia, b, ib)));
  }
  return out;
}

Column EvalLogic(Fn fn, const Column& a, const Column& b, size_t rows) {
  CheckOperands(a, b, rows);
  Column out(DataType::kBool);
  if (a.null_count() == 0 && b.null_count() == 0) {  // two-valued: one pass, adopted in bulk
    Buffer<uint8_t> values(rows);
    WithReaders(a.bools(), b.bools(), rows, [&](auto x, auto y) {
      if (fn == Fn::kAnd) {
        for (size_t i = 0; i < rows; ++i) values[i] = x(i) & y(i);
      } else {
        for (size_t i = 0; i < rows; ++i) values[i] = x(i) | y(i);
      }
    });
    out.AppendBools(std::move(values));
    return out;
  }
  out.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    const size_t ia = RowIn(a, rows, i), ib = RowIn(b, rows, i);
    const bool an = a.IsNull(ia), bn = b.IsNull(ib);
    const bool av = !an && a.Bool(ia), bv = !bn && b.Bool(ib);
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
