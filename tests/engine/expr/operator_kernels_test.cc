#include "engine/expr/operator_kernels.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

namespace sluice::engine {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A long, int or double column of `rows` small values (so that ties, zeros and wraps occur),
// with or without nulls.
Column NumericColumn(const DataType& type, size_t rows) {
  const bool nulls = *rc::gen::arbitrary<bool>();
  Column c(type);
  for (size_t i = 0; i < rows; ++i) {
    if (nulls && *rc::gen::inRange(0, 4) == 0) {
      c.AppendNull();
    } else if (type == DataType::kDouble) {
      c.AppendDouble(*rc::gen::element(-2.5, -1.0, 0.0, -0.0, 1.0, 3.0, 1e300, kInf, -kInf, kNaN));
    } else {
      c.AppendIntegral(*rc::gen::element<int64_t>(INT64_MIN, -3, -1, 0, 1, 2, 7, INT64_MAX));
    }
  }
  return c;
}

// Whether a comparison `fn` holds for two values that order as `c` (negative, zero, positive).
bool Satisfies(Fn fn, int c) {
  return fn == Fn::kEq   ? c == 0
         : fn == Fn::kNe ? c != 0
         : fn == Fn::kLt ? c < 0
         : fn == Fn::kLe ? c <= 0
         : fn == Fn::kGt ? c > 0
                         : c >= 0;
}

DataType NumericType() {
  return *rc::gen::element(DataType(DataType::kInt64), DataType(DataType::kInt32),
                           DataType(DataType::kDouble));
}

// The kernels against a row-at-a-time model of Spark's rules (ANSI off): doubles when either side
// is a double, else 64-bit integers that wrap; null for a null operand or a zero divisor; integer %
// as Java's (MIN % -1 is 0); / always a double.
RC_GTEST_PROP(OperatorKernels, ArithmeticEqualsTheRowModel, ()) {
  const auto rows = *rc::gen::inRange<size_t>(0, 70);
  const DataType ta = NumericType(), tb = NumericType();
  const Column a = NumericColumn(ta, rows), b = NumericColumn(tb, rows);
  const Fn fn = *rc::gen::element(Fn::kAdd, Fn::kSub, Fn::kMul, Fn::kDiv, Fn::kMod);
  const bool floating = ta == DataType::kDouble || tb == DataType::kDouble || fn == Fn::kDiv;
  const DataType out_type = floating ? DataType::kDouble : DataType::kInt64;
  const Column out = EvalArithmetic(fn, a, b, out_type, rows);
  RC_ASSERT(out.size() == rows);
  for (size_t i = 0; i < rows; ++i) {
    if (a.IsNull(i) || b.IsNull(i)) {
      RC_ASSERT(out.IsNull(i));
      continue;
    }
    if (floating) {
      const double x = a.AsDouble(i), y = b.AsDouble(i);
      const bool by_zero = (fn == Fn::kDiv || fn == Fn::kMod) && y == 0;
      RC_ASSERT(out.IsNull(i) == by_zero);
      if (by_zero) continue;
      const double want = fn == Fn::kAdd   ? x + y
                          : fn == Fn::kSub ? x - y
                          : fn == Fn::kMul ? x * y
                          : fn == Fn::kDiv ? x / y
                                           : std::fmod(x, y);
      RC_ASSERT(out.Double(i) == want || (std::isnan(want) && std::isnan(out.Double(i))));
      continue;
    }
    const auto x = static_cast<uint64_t>(a.AsInt64(i)), y = static_cast<uint64_t>(b.AsInt64(i));
    const bool by_zero = fn == Fn::kMod && y == 0;
    RC_ASSERT(out.IsNull(i) == by_zero);
    if (by_zero) continue;
    const auto want = static_cast<int64_t>(
        fn == Fn::kAdd       ? x + y
        : fn == Fn::kSub     ? x - y
        : fn == Fn::kMul     ? x * y
        : b.AsInt64(i) == -1 ? 0
                             : static_cast<uint64_t>(a.AsInt64(i) % b.AsInt64(i)));
    RC_ASSERT(out.Int(i) == want);
  }
}

RC_GTEST_PROP(OperatorKernels, ComparisonEqualsTheRowModel, ()) {
  const auto rows = *rc::gen::inRange<size_t>(0, 70);
  const DataType ta = NumericType(), tb = NumericType();
  const Column a = NumericColumn(ta, rows), b = NumericColumn(tb, rows);
  const Fn fn = *rc::gen::element(Fn::kEq, Fn::kNe, Fn::kLt, Fn::kLe, Fn::kGt, Fn::kGe);
  const Column out = EvalComparison(fn, a, b, rows);
  RC_ASSERT(out.size() == rows);
  for (size_t i = 0; i < rows; ++i) {
    if (a.IsNull(i) || b.IsNull(i)) {
      RC_ASSERT(out.IsNull(i));
      continue;
    }
    int c;
    if (ta == DataType::kDouble || tb == DataType::kDouble) {
      // Spark's order: NaN equals NaN and is above everything else; -0.0 equals 0.0.
      const double x = a.AsDouble(i), y = b.AsDouble(i);
      if (std::isnan(x) || std::isnan(y)) {
        c = std::isnan(x) && std::isnan(y) ? 0 : (std::isnan(x) ? 1 : -1);
      } else {
        c = x < y ? -1 : (x > y ? 1 : 0);
      }
    } else {  // as integers: INT64_MAX and INT64_MAX - 1 differ, which doubles would not see
      const int64_t x = a.AsInt64(i), y = b.AsInt64(i);
      c = x < y ? -1 : (x > y ? 1 : 0);
    }
    RC_ASSERT(!out.IsNull(i));
    RC_ASSERT(out.Bool(i) == Satisfies(fn, c));
  }
}

// Three-valued AND and OR against their truth tables; columns without nulls take the bulk path.
RC_GTEST_PROP(OperatorKernels, LogicEqualsTheTruthTable, ()) {
  const auto rows = *rc::gen::inRange<size_t>(0, 150);
  const auto bools = [&] {
    const bool nulls = *rc::gen::arbitrary<bool>();
    Column c(DataType::kBool);
    for (size_t i = 0; i < rows; ++i) {
      if (nulls && *rc::gen::inRange(0, 3) == 0) {
        c.AppendNull();
      } else {
        c.AppendBool(*rc::gen::arbitrary<bool>());
      }
    }
    return c;
  };
  const Column a = bools(), b = bools();
  const Fn fn = *rc::gen::element(Fn::kAnd, Fn::kOr);
  const Column out = EvalLogic(fn, a, b, rows);
  RC_ASSERT(out.size() == rows);
  for (size_t i = 0; i < rows; ++i) {
    // 0 false, 1 true, 2 unknown
    const int x = a.IsNull(i) ? 2 : a.Bool(i), y = b.IsNull(i) ? 2 : b.Bool(i);
    int want;
    if (fn == Fn::kAnd) {
      want = x == 0 || y == 0 ? 0 : (x == 2 || y == 2 ? 2 : 1);
    } else {
      want = x == 1 || y == 1 ? 1 : (x == 2 || y == 2 ? 2 : 0);
    }
    RC_ASSERT(out.IsNull(i) == (want == 2));
    if (want != 2) RC_ASSERT(out.Bool(i) == (want == 1));
  }
}

// `c`'s only cell repeated `rows` times.
Column Repeated(const Column& c, size_t rows) {
  Column out(c.type());
  for (size_t i = 0; i < rows; ++i) out.AppendFrom(c, 0);
  return out;
}

void AssertSameCells(const Column& got, const Column& want) {
  RC_ASSERT(got.size() == want.size());
  RC_ASSERT(got.type() == want.type());
  for (size_t i = 0; i < want.size(); ++i) {
    RC_ASSERT(got.IsNull(i) == want.IsNull(i));
    if (want.IsNull(i)) continue;
    if (want.type() == DataType::kDouble) {
      const double g = got.Double(i), w = want.Double(i);
      RC_ASSERT(g == w || (std::isnan(g) && std::isnan(w)));
    } else {
      RC_ASSERT(got.Get(i) == want.Get(i));
    }
  }
}

// A one-cell operand (a literal) on either side, or both, gives what the same cell repeated on
// every row gives, through the typed and the generic loops alike.
RC_GTEST_PROP(OperatorKernels, OneCellOperandEqualsItsRepetition, ()) {
  const auto rows = *rc::gen::inRange<size_t>(0, 70);
  const int one_cell = *rc::gen::inRange(1, 4);  // bit 0: a, bit 1: b
  const auto operand = [&](const DataType& type, bool one) {
    return NumericColumn(type, one ? 1 : rows);
  };
  const auto spread = [&](const Column& c) { return c.size() == rows ? c : Repeated(c, rows); };
  const int kind = *rc::gen::inRange(0, 3);
  if (kind == 2) {
    const auto bools = [&](bool one) {
      Column c(DataType::kBool);
      for (size_t i = 0; i < (one ? 1 : rows); ++i) {
        *rc::gen::inRange(0, 4) == 0 ? c.AppendNull() : c.AppendBool(*rc::gen::arbitrary<bool>());
      }
      return c;
    };
    const Column a = bools(one_cell & 1), b = bools(one_cell & 2);
    const Fn fn = *rc::gen::element(Fn::kAnd, Fn::kOr);
    AssertSameCells(EvalLogic(fn, a, b, rows), EvalLogic(fn, spread(a), spread(b), rows));
    return;
  }
  const DataType ta = NumericType(), tb = NumericType();
  const Column a = operand(ta, one_cell & 1), b = operand(tb, one_cell & 2);
  if (kind == 0) {
    const Fn fn = *rc::gen::element(Fn::kAdd, Fn::kSub, Fn::kMul, Fn::kDiv, Fn::kMod);
    const DataType out_type = ta == DataType::kDouble || tb == DataType::kDouble || fn == Fn::kDiv
                                  ? DataType::kDouble
                                  : DataType::kInt64;
    AssertSameCells(EvalArithmetic(fn, a, b, out_type, rows),
                    EvalArithmetic(fn, spread(a), spread(b), out_type, rows));
  } else {
    const Fn fn = *rc::gen::element(Fn::kEq, Fn::kNe, Fn::kLt, Fn::kLe, Fn::kGt, Fn::kGe);
    AssertSameCells(EvalComparison(fn, a, b, rows), EvalComparison(fn, spread(a), spread(b), rows));
  }
}

// A long or int column's % by one literal divisor equals Java's % row by row, whether every value
// and the divisor fit in 32 bits unsigned (the kernel's multiply) or not (its division).
RC_GTEST_PROP(OperatorKernels, RemainderByOneDivisorEqualsJava, ()) {
  constexpr int64_t k32 = int64_t{1} << 32;
  // Half the columns hold only values in [0, 2^32), which the multiply takes.
  const bool small = *rc::gen::arbitrary<bool>();
  const auto value = [&] {
    if (small) {
      return *rc::gen::oneOf(rc::gen::inRange<int64_t>(0, 100),
                             rc::gen::inRange<int64_t>(k32 - 100, k32),
                             rc::gen::inRange<int64_t>(0, k32));
    }
    return *rc::gen::oneOf(rc::gen::inRange<int64_t>(0, 100),
                           rc::gen::inRange<int64_t>(k32 - 100, k32 + 2),
                           rc::gen::element<int64_t>(0, 1, k32 - 1, -1, INT64_MIN, INT64_MAX),
                           rc::gen::arbitrary<int64_t>());
  };
  const auto rows = *rc::gen::inRange<size_t>(1, 70);
  const bool ints = *rc::gen::arbitrary<bool>();
  Column xs(ints ? DataType::kInt32 : DataType::kInt64);
  for (size_t i = 0; i < rows; ++i) {
    const int64_t v = value();
    xs.AppendIntegral(ints ? static_cast<int32_t>(v) : v);
  }
  const int64_t d =
      *rc::gen::oneOf(rc::gen::inRange<int64_t>(1, 10), rc::gen::element<int64_t>(k32 - 1, k32, -3),
                      rc::gen::just(value()));
  RC_PRE(d != 0);
  Column divisor(DataType::kInt64);
  divisor.AppendIntegral(d);
  const Column out = EvalArithmetic(Fn::kMod, xs, divisor, DataType::kInt64, rows);
  RC_ASSERT(out.size() == rows);
  RC_ASSERT(out.null_count() == 0u);
  for (size_t i = 0; i < rows; ++i) {
    const int64_t x = xs.AsInt64(i);
    RC_ASSERT(out.Int(i) == (d == -1 ? 0 : x % d));
  }
}

// Arrays, structs and decimals compare in Spark's order: element by element with NaN equal to
// NaN and -0.0 to 0.0, decimals exactly (as doubles these two would be equal).
TEST(OperatorKernels, NestedAndDecimalOperandsCompareInSparksOrder) {
  const DataType arrays = DataType::Array(DataType::kDouble);
  Column a(arrays), b(arrays);
  const auto list = [](Column& c, std::vector<double> items) {
    for (double d : items) c.child(0).AppendDouble(d);
    c.CloseList();
  };
  list(a, {kNaN});
  list(b, {kNaN});
  list(a, {-0.0, 1.0});
  list(b, {0.0, 1.0});
  list(a, {1.0});
  list(b, {1.0, 2.0});  // a prefix orders first
  const Column eq = EvalComparison(Fn::kEq, a, b, 3);
  EXPECT_TRUE(eq.Bool(0));
  EXPECT_TRUE(eq.Bool(1));
  EXPECT_FALSE(eq.Bool(2));
  EXPECT_TRUE(EvalComparison(Fn::kLt, a, b, 3).Bool(2));

  const DataType decimals = DataType::Decimal(20, 0);
  Column x(decimals), y(decimals);
  x.AppendDecimal(static_cast<Int128>(12345678901234567890ULL));
  y.AppendDecimal(static_cast<Int128>(12345678901234567891ULL));
  EXPECT_FALSE(EvalComparison(Fn::kEq, x, y, 1).Bool(0));
  EXPECT_TRUE(EvalComparison(Fn::kLt, x, y, 1).Bool(0));
}

// Spark has no order of maps: comparing two is refused when the expression is bound, naming the
// type.
TEST(OperatorKernels, ComparingMapsIsRefusedAtBinding) {
  const Schema schema{{{"m", DataType::Map(DataType::kString, DataType::kInt64)},
                       {"a", DataType::Array(DataType::kInt64)}}};
  const Result<DataType> maps = (Col("m") == Col("m")).Bind(schema);
  ASSERT_FALSE(maps.ok());
  EXPECT_NE(maps.status().message().find("map has no order"), std::string::npos)
      << maps.status().message();
  EXPECT_TRUE((Col("a") < Col("a")).Bind(schema).ok());
}

// String and binary comparisons, on either loop (with nulls or without, one cell or a cell per
// row), against a model that orders by unsigned bytes with a prefix first.
RC_GTEST_PROP(OperatorKernels, StringComparisonEqualsTheUnsignedByteModel, ()) {
  const auto rows = *rc::gen::inRange<size_t>(0, 40);
  const DataType type = *rc::gen::element(DataType(DataType::kString), DataType(DataType::kBinary));
  const bool nulls = *rc::gen::arbitrary<bool>();
  const auto column = [&](size_t n) {
    Column c(type);
    for (size_t i = 0; i < n; ++i) {
      if (nulls && *rc::gen::inRange(0, 4) == 0) {
        c.AppendNull();
      } else if (*rc::gen::arbitrary<bool>()) {
        // Short strings over few bytes, one of them above 0x7f: ties, prefixes, signs.
        c.AppendString(*rc::gen::container<std::string>(*rc::gen::inRange<size_t>(0, 4),
                                                        rc::gen::element('a', 'b', '\0', '\xe9')));
      } else {  // words of up to nine bytes, alike in their first bytes or their lengths
        c.AppendString(*rc::gen::element<std::string>("view", "vie", "views", "viewview",
                                                      "viewviev", "viewviewv", "click",
                                                      "cl\xe9"
                                                      "ck",
                                                      std::string("\0\0\0\0\0", 5)));
      }
    }
    return c;
  };
  const int one_cell = *rc::gen::inRange(0, 4);  // bit 0: a, bit 1: b
  const Column a = column(one_cell & 1 ? 1 : rows), b = column(one_cell & 2 ? 1 : rows);
  const Fn fn = *rc::gen::element(Fn::kEq, Fn::kNe, Fn::kLt, Fn::kLe, Fn::kGt, Fn::kGe);
  const Column out = EvalComparison(fn, a, b, rows);
  RC_ASSERT(out.size() == rows);
  for (size_t i = 0; i < rows; ++i) {
    const size_t ia = a.size() == rows ? i : 0, ib = b.size() == rows ? i : 0;
    if (a.IsNull(ia) || b.IsNull(ib)) {
      RC_ASSERT(out.IsNull(i));
      continue;
    }
    const std::string_view x = a.String(ia), y = b.String(ib);
    const auto less = [](std::string_view l, std::string_view r) {
      return std::lexicographical_compare(
          l.begin(), l.end(), r.begin(), r.end(), [](char p, char q) {
            return static_cast<unsigned char>(p) < static_cast<unsigned char>(q);
          });
    };
    const int c = less(x, y) ? -1 : (less(y, x) ? 1 : 0);
    RC_ASSERT(!out.IsNull(i));
    RC_ASSERT(out.Bool(i) == Satisfies(fn, c));
  }
}

// A one-cell string operand reads its one cell.
TEST(OperatorKernels, OneCellStringOperand) {
  Column names(DataType::kString);
  for (const char* s : {"ann", "bob", "cy"}) names.AppendString(s);
  Column bob(DataType::kString);
  bob.AppendString("bob");
  const Column eq = EvalComparison(Fn::kEq, names, bob, 3);
  ASSERT_EQ(eq.size(), 3u);
  EXPECT_FALSE(eq.Bool(0));
  EXPECT_TRUE(eq.Bool(1));
  EXPECT_FALSE(eq.Bool(2));
  const Column gt = EvalComparison(Fn::kGt, bob, names, 3);  // "bob" > each name
  EXPECT_TRUE(gt.Bool(0));
  EXPECT_FALSE(gt.Bool(1));
  EXPECT_FALSE(gt.Bool(2));
}

// Strings whose buffer is shorter than a word (here empty) against a short literal: every row is
// compared as it is, none read as eight bytes.
TEST(OperatorKernels, ShortLiteralAgainstStringsOfAnEmptyBuffer) {
  Column empties(DataType::kString);
  for (int i = 0; i < 3; ++i) empties.AppendString("");
  Column empty(DataType::kString);
  empty.AppendString("");
  Column x(DataType::kString);
  x.AppendString("x");
  for (size_t r = 0; r < 3; ++r) {
    EXPECT_TRUE(EvalComparison(Fn::kEq, empties, empty, 3).Bool(r));
    EXPECT_FALSE(EvalComparison(Fn::kEq, x, empties, 3).Bool(r));
    EXPECT_TRUE(EvalComparison(Fn::kNe, empties, x, 3).Bool(r));
  }
}

}  // namespace
}  // namespace sluice::engine
