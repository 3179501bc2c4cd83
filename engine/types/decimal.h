// Decimal values: Spark SQL's DecimalType(p, s) with ANSI mode off and
// spark.sql.decimalOperations.allowPrecisionLoss=true (Spark's defaults).
//
// A value is an unscaled signed integer u (an Int128) read as u / 10^s; its type, a DecimalSpec
// (p, s) with 1 <= p <= 38 and 0 <= s <= p, travels separately (a column carries it), so every
// function here takes the scale or the spec beside the unscaled value. A value fits its type when
// |u| < 10^p.
//
// Rules shared by every function below:
//   - Rounding is HALF_UP (ties away from zero) of the exact result, as Spark's Decimal does.
//     (Spark 4 keeps one more digit than it needs before the final HALF_UP step, so its results
//     equal a single HALF_UP rounding of the exact value; Spark 3's MathContext(38, HALF_UP)
//     could round twice.)
//   - A result that does not fit its type, or a division by zero, is std::nullopt: SQL null, as
//     Spark returns with ANSI off. Intermediate results are exact (up to 512 bits), never wrapped.
//   - Unscaled inputs must fit their specs; that is a precondition, not checked on every call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::engine {

// The unscaled value of a decimal.
using Int128 = __int128;

inline constexpr int kMaxDecimalPrecision = 38;
// allowPrecisionLoss keeps at least this many fraction digits when it must cut a result type.
inline constexpr int kMinimumAdjustedScale = 6;

// A decimal type: precision p (total digits) and scale s (digits after the point).
struct DecimalSpec {
  int precision = 10;
  int scale = 0;
  friend bool operator==(const DecimalSpec&, const DecimalSpec&) = default;
};

// True when 1 <= p <= 38 and 0 <= s <= p.
bool IsValidDecimalSpec(DecimalSpec spec);
// "decimal(10,2)".
std::string DecimalSpecName(DecimalSpec spec);

// 10^n. REQUIRES: 0 <= n <= 38.
Int128 Pow10(int n);
// Whether |unscaled| < 10^precision. REQUIRES: 1 <= precision <= 38.
bool DecimalFits(Int128 unscaled, int precision);

// --- Text ------------------------------------------------------------------------------------

// Spark's cast of a string to decimal(p, s) with ANSI off: surrounding characters <= U+0020 are
// trimmed (Java's String.trim); then Java BigDecimal's syntax: an optional sign, digits with an
// optional point and fraction (at least one digit in all: "1.", ".5"), an optional exponent
// ("1e3", "1.5E-2", "2e+1"). The number is rounded HALF_UP to scale s; null when the text is not
// a number, when its integral part has more than 38 digits as written ("0e39" too, as Spark's
// fast check counts BigDecimal's precision minus scale), or when it does not fit p after
// rounding. REQUIRES: IsValidDecimalSpec(spec).
std::optional<Int128> ParseDecimal(std::string_view text, DecimalSpec spec);

// The scenario format's exact form of a decimal(p, s) value: an optional '-', one or more digits
// before the point with no leading zero (except a lone "0"), at most p - s of them unless the
// part is a lone "0", and when s > 0 a point and exactly s digits; when s = 0 no point. Anything
// else (a '+', spaces, an exponent, another scale) is null. REQUIRES: IsValidDecimalSpec(spec).
std::optional<Int128> ParseDecimalLiteral(std::string_view text, DecimalSpec spec);

// Plain notation with exactly `scale` digits after the point and no exponent, as Spark's
// Decimal.toPlainString: (1230, 2) -> "12.30", (-50, 2) -> "-0.50", (12, 0) -> "12".
// REQUIRES: 0 <= scale <= 38 and |unscaled| < 10^38.
std::string FormatDecimal(Int128 unscaled, int scale);

// --- Conversions -----------------------------------------------------------------------------

// Spark's changePrecision with HALF_UP (a decimal-to-decimal cast): the value at from_scale
// rescaled to `to`, null when it does not fit to.precision after rounding.
// REQUIRES: 0 <= from_scale <= 38, IsValidDecimalSpec(to).
std::optional<Int128> RescaleDecimal(Int128 unscaled, int from_scale, DecimalSpec to);

// An integer cast to decimal(p, s); null when it does not fit. REQUIRES: valid spec.
std::optional<Int128> DecimalFromInt64(int64_t value, DecimalSpec spec);
// Spark's cast of a decimal to long with ANSI off (Decimal.toLong): the fraction is cut toward
// zero, then the integer keeps its low 64 bits (two's complement), so values beyond the long
// range wrap rather than saturate. A cast to int takes this and wraps again (static_cast).
int64_t DecimalToInt64(Int128 unscaled, int scale);
// Spark's cast of a double to decimal(p, s): the decimal digits of the double's shortest
// round-trip representation (Java's Double.toString since JDK 19), rounded HALF_UP to s; NaN,
// infinities and values that do not fit are null. REQUIRES: valid spec.
std::optional<Int128> DecimalFromDouble(double value, DecimalSpec spec);
// The double nearest to the decimal's exact value (BigDecimal.doubleValue).
double DecimalToDouble(Int128 unscaled, int scale);

// -1, 0 or 1 as a < b, a == b, a > b, comparing the values (scales may differ).
int CompareDecimal(Int128 a, int a_scale, Int128 b, int b_scale);

// --- Result types and the integer operand rule ----------------------------------------------

// DecimalType.bounded: min(p, 38), min(s, 38).
DecimalSpec BoundedDecimalSpec(int precision, int scale);
// DecimalType.adjustPrecisionScale with allowPrecisionLoss: a type with p <= 38 is kept; beyond,
// p becomes 38 and the scale shrinks to keep the integral digits, but never below min(s, 6).
// REQUIRES: 0 <= scale <= precision.
DecimalSpec AdjustPrecisionScale(int precision, int scale);

// The decimal arithmetic operators, with Spark's result types (before adjusting):
//   add, sub:  scale max(s1, s2), precision max(p1 - s1, p2 - s2) + scale + 1
//   mul:       scale s1 + s2, precision p1 + p2 + 1
//   div:       scale max(6, s1 + p2 + 1), precision p1 - s1 + s2 + scale
//   rem, pmod: scale max(s1, s2), precision min(p1 - s1, p2 - s2) + scale
// each then passed through AdjustPrecisionScale.
enum class DecimalOp { kAdd, kSubtract, kMultiply, kDivide, kRemainder, kPmod };

// The result type of `a op b`. REQUIRES: valid specs.
DecimalSpec DecimalResultSpec(DecimalOp op, DecimalSpec a, DecimalSpec b);

// `a op b` computed exactly, rounded HALF_UP to result.scale; null when it does not fit
// result.precision or the divisor of div, rem or pmod is zero. rem has the dividend's sign (Java's
// BigDecimal.remainder); pmod is Spark's: r = a rem b, and when r < 0, (r + b) rem b.
// `result` is normally DecimalResultSpec(op, a_spec, b_spec) but any valid spec is accepted.
// REQUIRES: valid specs; a and b fit their specs.
std::optional<Int128> DecimalCompute(DecimalOp op, Int128 a, DecimalSpec a_spec, Int128 b,
                                     DecimalSpec b_spec, DecimalSpec result);

// The integer operand rule: where one operand of an arithmetic operator is a decimal and the
// other an integer column or expression, Spark first casts an int to decimal(10,0) and a long to
// decimal(20,0) (DecimalType.forType). An integer *literal* instead gets the fewest digits its
// value needs, decimal(digits, 0) (DecimalType.fromLiteral, as
// spark.sql.legacy.literal.pickMinimumPrecision is true by default): 2 -> decimal(1,0).
inline constexpr DecimalSpec kIntDecimalSpec{10, 0};
inline constexpr DecimalSpec kLongDecimalSpec{20, 0};
DecimalSpec DecimalSpecForIntegerLiteral(int64_t value);

// The common type of two decimal types (CASE WHEN branches, coalesce, IN, union):
// scale max(s1, s2), integral digits max(p1 - s1, p2 - s2), bounded to 38.
DecimalSpec WiderDecimalSpec(DecimalSpec a, DecimalSpec b);

// --- Aggregates ------------------------------------------------------------------------------

// sum(decimal(p,s)) is decimal(min(38, p + 10), s).
DecimalSpec DecimalSumSpec(DecimalSpec input);
// avg(decimal(p,s)) is decimal(min(38, p + 4), min(38, s + 4)).
DecimalSpec DecimalAvgSpec(DecimalSpec input);

// One step of a decimal sum: acc + value, both at the sum's scale; null when the running sum no
// longer fits sum_spec. Spark keeps a sum that once overflowed null (its buffer cannot hold it),
// so a caller keeps the null and the final sum (and avg) is null.
std::optional<Int128> DecimalSumAdd(Int128 acc, Int128 value, DecimalSpec sum_spec);

// Spark's avg of decimal(p,s) from its sum (at scale s, of type DecimalSumSpec(input)) and its
// count of non-null inputs: sum / cast(count as decimal(20,0)) with the division's own result
// type (DecimalResultSpec(kDivide, sum type, decimal(20,0)), rounded HALF_UP there), then cast
// to DecimalAvgSpec(input) (HALF_UP again). Null when that does not fit.
// REQUIRES: count > 0; valid input spec.
std::optional<Int128> DecimalAverage(Int128 sum, int64_t count, DecimalSpec input);

// --- round, floor, ceil ----------------------------------------------------------------------

// round(x, d) of decimal(p,s), HALF_UP. For d >= 0 the scale becomes min(s, d) and the type
// decimal(min(38, p - s + 1 + min(s, d)), min(s, d)); for d < 0 the type is
// decimal(min(38, max(p - s + 1, 1 - d)), 0) and the value is rounded to a multiple of 10^-d.
DecimalSpec DecimalRoundSpec(DecimalSpec input, int d);
// Null only when a d < 0 result needs 39 digits (Spark raises an error there).
std::optional<Int128> DecimalRound(Int128 unscaled, DecimalSpec input, int d);

// floor and ceil of decimal(p,s): decimal(min(38, p - s + 1), 0) when s > 0; decimal(p, 0)
// itself when s = 0. The results always fit.
DecimalSpec DecimalFloorCeilSpec(DecimalSpec input);
Int128 DecimalFloor(Int128 unscaled, int scale);
Int128 DecimalCeil(Int128 unscaled, int scale);

}  // namespace sluice::engine
