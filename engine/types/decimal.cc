#include "engine/types/decimal.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "spec/check.h"

namespace sluice::engine {
namespace {

using U128 = unsigned __int128;

// A 512-bit unsigned integer, little-endian 64-bit limbs: wide enough for every exact
// intermediate here (the largest is a 38-digit dividend scaled by 10^76, below 2^379).
constexpr int kLimbs = 8;
struct Wide {
  uint64_t limb[kLimbs] = {};
};

Wide WideFrom(U128 v) {
  Wide r;
  r.limb[0] = static_cast<uint64_t>(v);
  r.limb[1] = static_cast<uint64_t>(v >> 64);
  return r;
}

bool FitsU128(const Wide& a) {
  for (int i = 2; i < kLimbs; ++i) {
    if (a.limb[i] != 0) return false;
  }
  return true;
}

U128 ToU128(const Wide& a) { return (static_cast<U128>(a.limb[1]) << 64) | a.limb[0]; }

bool IsZero(const Wide& a) {
  for (uint64_t l : a.limb) {
    if (l != 0) return false;
  }
  return true;
}

int BitLength(const Wide& a) {
  for (int i = kLimbs - 1; i >= 0; --i) {
    if (a.limb[i] != 0) return 64 * i + 64 - __builtin_clzll(a.limb[i]);
  }
  return 0;
}

int Compare(const Wide& a, const Wide& b) {
  for (int i = kLimbs - 1; i >= 0; --i) {
    if (a.limb[i] != b.limb[i]) return a.limb[i] < b.limb[i] ? -1 : 1;
  }
  return 0;
}

Wide Add(const Wide& a, const Wide& b) {
  Wide r;
  U128 carry = 0;
  for (int i = 0; i < kLimbs; ++i) {
    U128 s = static_cast<U128>(a.limb[i]) + b.limb[i] + carry;
    r.limb[i] = static_cast<uint64_t>(s);
    carry = s >> 64;
  }
  SLUICE_CHECK(carry == 0, "decimal intermediate exceeds 512 bits");
  return r;
}

// REQUIRES: a >= b.
Wide Sub(const Wide& a, const Wide& b) {
  Wide r;
  uint64_t borrow = 0;
  for (int i = 0; i < kLimbs; ++i) {
    U128 d = static_cast<U128>(a.limb[i]) - b.limb[i] - borrow;
    r.limb[i] = static_cast<uint64_t>(d);
    borrow = (d >> 64) != 0 ? 1 : 0;
  }
  SLUICE_CHECK(borrow == 0, "wide subtraction below zero");
  return r;
}

Wide MulSmall(const Wide& a, uint64_t m) {
  Wide r;
  U128 carry = 0;
  for (int i = 0; i < kLimbs; ++i) {
    U128 p = static_cast<U128>(a.limb[i]) * m + carry;
    r.limb[i] = static_cast<uint64_t>(p);
    carry = p >> 64;
  }
  SLUICE_CHECK(carry == 0, "decimal intermediate exceeds 512 bits");
  return r;
}

Wide MulU128(U128 a, U128 b) {
  Wide wa = WideFrom(a);
  Wide r = MulSmall(wa, static_cast<uint64_t>(b));
  Wide hi = MulSmall(wa, static_cast<uint64_t>(b >> 64));
  for (int i = kLimbs - 1; i >= 1; --i) hi.limb[i] = hi.limb[i - 1];
  hi.limb[0] = 0;
  return Add(r, hi);
}

// a * 10^n. REQUIRES: the product fits 512 bits.
Wide MulPow10(Wide a, int n) {
  constexpr uint64_t kTen19 = 10000000000000000000ull;
  for (; n >= 19; n -= 19) a = MulSmall(a, kTen19);
  uint64_t rest = 1;
  for (; n > 0; --n) rest *= 10;
  return rest == 1 ? a : MulSmall(a, rest);
}

Wide ShiftLeft(const Wide& a, int bits) {
  Wide r;
  const int words = bits / 64;
  const int rem = bits % 64;
  for (int i = kLimbs - 1; i >= words; --i) {
    uint64_t v = a.limb[i - words] << rem;
    if (rem != 0 && i - words - 1 >= 0) v |= a.limb[i - words - 1] >> (64 - rem);
    r.limb[i] = v;
  }
  return r;
}

void ShiftRight1(Wide& a) {
  for (int i = 0; i < kLimbs; ++i) {
    a.limb[i] >>= 1;
    if (i + 1 < kLimbs) a.limb[i] |= a.limb[i + 1] << 63;
  }
}

// n = q * d + r with 0 <= r < d, by shift and subtract over the quotient's bits (native 128-bit
// division when both fit). REQUIRES: d != 0.
void DivMod(const Wide& n, const Wide& d, Wide* q, Wide* r) {
  SLUICE_CHECK(!IsZero(d), "wide division by zero");
  *q = Wide();
  *r = n;
  if (FitsU128(n) && FitsU128(d)) {
    *q = WideFrom(ToU128(n) / ToU128(d));
    *r = WideFrom(ToU128(n) % ToU128(d));
    return;
  }
  const int shift = BitLength(n) - BitLength(d);
  if (shift < 0) return;
  Wide dd = ShiftLeft(d, shift);
  for (int bit = shift; bit >= 0; --bit) {
    if (Compare(*r, dd) >= 0) {
      *r = Sub(*r, dd);
      q->limb[bit / 64] |= uint64_t{1} << (bit % 64);
    }
    ShiftRight1(dd);
  }
}

// A signed wide integer: sign and magnitude (a zero magnitude's sign is ignored).
struct SignedWide {
  bool negative = false;
  Wide magnitude;
};

U128 Magnitude(Int128 v) { return v < 0 ? -static_cast<U128>(v) : static_cast<U128>(v); }

SignedWide ToSigned(Int128 v) { return {v < 0, WideFrom(Magnitude(v))}; }

SignedWide SignedAdd(const SignedWide& a, const SignedWide& b) {
  if (a.negative == b.negative) return {a.negative, Add(a.magnitude, b.magnitude)};
  if (Compare(a.magnitude, b.magnitude) >= 0) {
    return {a.negative, Sub(a.magnitude, b.magnitude)};
  }
  return {b.negative, Sub(b.magnitude, a.magnitude)};
}

// Truncated remainder: the dividend's sign. REQUIRES: b != 0.
SignedWide SignedRem(const SignedWide& a, const SignedWide& b) {
  Wide q;
  Wide r;
  DivMod(a.magnitude, b.magnitude, &q, &r);
  return {a.negative, r};
}

// magnitude / divisor rounded HALF_UP, with the given sign; null when it does not fit precision.
std::optional<Int128> RoundedQuotient(bool negative, const Wide& magnitude, const Wide& divisor,
                                      int precision) {
  if (BitLength(magnitude) - BitLength(divisor) > 130) return std::nullopt;  // q > 2^129
  Wide wide_q;
  Wide r;
  DivMod(magnitude, divisor, &wide_q, &r);
  const U128 limit = static_cast<U128>(Pow10(precision));
  if (!FitsU128(wide_q) || ToU128(wide_q) >= limit) return std::nullopt;
  U128 q = ToU128(wide_q);
  if (Compare(ShiftLeft(r, 1), divisor) >= 0) ++q;  // HALF_UP: a remainder of at least half.
  if (q >= limit) return std::nullopt;
  const Int128 value = static_cast<Int128>(q);
  return negative ? -value : value;
}

// The signed value `v` at scale `from` rescaled to `to` HALF_UP; null when it does not fit.
std::optional<Int128> WideToSpec(const SignedWide& v, int from, DecimalSpec to) {
  Wide magnitude = v.magnitude;
  Wide divisor = WideFrom(1);
  if (to.scale >= from) {
    magnitude = MulPow10(magnitude, to.scale - from);
  } else {
    divisor = MulPow10(divisor, from - to.scale);
  }
  return RoundedQuotient(v.negative, magnitude, divisor, to.precision);
}

// `v` (a value at `scale`) at scale `to_scale`, exactly. REQUIRES: to_scale >= scale.
SignedWide Upscale(Int128 v, int scale, int to_scale) {
  SignedWide s = ToSigned(v);
  s.magnitude = MulPow10(s.magnitude, to_scale - scale);
  return s;
}

std::optional<Int128> AddOrSubtract(bool subtract, Int128 a, DecimalSpec as, Int128 b,
                                    DecimalSpec bs, DecimalSpec result) {
  const int scale = std::max(as.scale, bs.scale);
  SignedWide wb = Upscale(b, bs.scale, scale);
  if (subtract) wb.negative = !wb.negative;
  return WideToSpec(SignedAdd(Upscale(a, as.scale, scale), wb), scale, result);
}

std::optional<Int128> Remainder(bool positive_mod, Int128 a, DecimalSpec as, Int128 b,
                                DecimalSpec bs, DecimalSpec result) {
  if (b == 0) return std::nullopt;
  const int scale = std::max(as.scale, bs.scale);
  const SignedWide wb = Upscale(b, bs.scale, scale);
  SignedWide r = SignedRem(Upscale(a, as.scale, scale), wb);
  if (positive_mod && r.negative && !IsZero(r.magnitude)) {
    r = SignedRem(SignedAdd(r, wb), wb);
  }
  return WideToSpec(r, scale, result);
}

std::optional<Int128> Divide(Int128 a, DecimalSpec as, Int128 b, DecimalSpec bs,
                             DecimalSpec result) {
  if (b == 0) return std::nullopt;
  // a / b at scale r is (ua * 10^(sb + r)) / (ub * 10^sa), rounded.
  const Wide numerator = MulPow10(WideFrom(Magnitude(a)), bs.scale + result.scale);
  const Wide denominator = MulPow10(WideFrom(Magnitude(b)), as.scale);
  return RoundedQuotient((a < 0) != (b < 0), numerator, denominator, result.precision);
}

int CountDigits(U128 v) {
  int n = 1;
  while (v >= 10) {
    v /= 10;
    ++n;
  }
  return n;
}

}  // namespace

bool IsValidDecimalSpec(DecimalSpec spec) {
  return spec.precision >= 1 && spec.precision <= kMaxDecimalPrecision && spec.scale >= 0 &&
         spec.scale <= spec.precision;
}

std::string DecimalSpecName(DecimalSpec spec) {
  return "decimal(" + std::to_string(spec.precision) + "," + std::to_string(spec.scale) + ")";
}

Int128 Pow10(int n) {
  SLUICE_CHECK(n >= 0 && n <= kMaxDecimalPrecision, "Pow10 exponent out of range");
  static const auto kTable = [] {
    struct Table {
      Int128 p[kMaxDecimalPrecision + 1];
    } t;
    t.p[0] = 1;
    for (int i = 1; i <= kMaxDecimalPrecision; ++i) t.p[i] = t.p[i - 1] * 10;
    return t;
  }();
  return kTable.p[n];
}

bool DecimalFits(Int128 unscaled, int precision) {
  return Magnitude(unscaled) < static_cast<U128>(Pow10(precision));
}

std::optional<Int128> RescaleDecimal(Int128 unscaled, int from_scale, DecimalSpec to) {
  SLUICE_CHECK(IsValidDecimalSpec(to), "invalid decimal spec");
  SLUICE_CHECK(from_scale >= 0 && from_scale <= kMaxDecimalPrecision, "invalid scale");
  if (to.scale >= from_scale) {
    const int up = to.scale - from_scale;
    // The result must stay below 10^to.precision, so the input below 10^(to.precision - up).
    if (up > to.precision || !DecimalFits(unscaled, to.precision - up)) {
      if (unscaled != 0) return std::nullopt;
      return 0;
    }
    return unscaled * Pow10(up);
  }
  const Int128 divisor = Pow10(from_scale - to.scale);
  Int128 q = unscaled / divisor;
  const U128 r = Magnitude(unscaled % divisor);
  if (r >= static_cast<U128>(divisor) - r) q += unscaled < 0 ? -1 : 1;  // HALF_UP
  if (!DecimalFits(q, to.precision)) return std::nullopt;
  return q;
}

std::string FormatDecimal(Int128 unscaled, int scale) {
  SLUICE_CHECK(scale >= 0 && scale <= kMaxDecimalPrecision, "invalid scale");
  U128 m = Magnitude(unscaled);
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  } while (m != 0);
  while (static_cast<int>(digits.size()) < scale + 1) digits.push_back('0');
  std::reverse(digits.begin(), digits.end());
  if (scale > 0) digits.insert(digits.end() - scale, '.');
  return unscaled < 0 ? "-" + digits : digits;
}

std::optional<Int128> DecimalFromInt64(int64_t value, DecimalSpec spec) {
  return RescaleDecimal(value, 0, spec);
}

int64_t DecimalToInt64(Int128 unscaled, int scale) {
  const Int128 truncated = unscaled / Pow10(scale);
  return static_cast<int64_t>(static_cast<uint64_t>(static_cast<U128>(truncated)));
}

std::optional<Int128> DecimalFromDouble(double value, DecimalSpec spec) {
  if (!std::isfinite(value)) return std::nullopt;
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  SLUICE_CHECK(ec == std::errc(), "to_chars of a double failed");
  return ParseDecimal(std::string_view(buffer, end - buffer), spec);
}

double DecimalToDouble(Int128 unscaled, int scale) {
  // strtod rounds the exact decimal text to the nearest double.
  std::string text = FormatDecimal(unscaled, 0) + "e-" + std::to_string(scale);
  return std::strtod(text.c_str(), nullptr);
}

int CompareDecimal(Int128 a, int a_scale, Int128 b, int b_scale) {
  if (a_scale > b_scale) return -CompareDecimal(b, b_scale, a, a_scale);
  const int up = b_scale - a_scale;
  // Scaled up, a either stays below 10^38 (then compare exactly) or passes every valid b.
  if (!DecimalFits(a, kMaxDecimalPrecision - up)) return a < 0 ? -1 : 1;
  const Int128 scaled = a * Pow10(up);
  return scaled < b ? -1 : (scaled == b ? 0 : 1);
}

DecimalSpec BoundedDecimalSpec(int precision, int scale) {
  return {std::min(precision, kMaxDecimalPrecision), std::min(scale, kMaxDecimalPrecision)};
}

DecimalSpec AdjustPrecisionScale(int precision, int scale) {
  SLUICE_CHECK(scale >= 0 && scale <= precision, "invalid precision or scale to adjust");
  if (precision <= kMaxDecimalPrecision) return {precision, scale};
  const int integral_digits = precision - scale;
  const int min_scale = std::min(scale, kMinimumAdjustedScale);
  return {kMaxDecimalPrecision, std::max(kMaxDecimalPrecision - integral_digits, min_scale)};
}

DecimalSpec DecimalResultSpec(DecimalOp op, DecimalSpec a, DecimalSpec b) {
  SLUICE_CHECK(IsValidDecimalSpec(a) && IsValidDecimalSpec(b), "invalid decimal spec");
  const int p1 = a.precision, s1 = a.scale, p2 = b.precision, s2 = b.scale;
  switch (op) {
    case DecimalOp::kAdd:
    case DecimalOp::kSubtract: {
      const int scale = std::max(s1, s2);
      return AdjustPrecisionScale(std::max(p1 - s1, p2 - s2) + scale + 1, scale);
    }
    case DecimalOp::kMultiply:
      return AdjustPrecisionScale(p1 + p2 + 1, s1 + s2);
    case DecimalOp::kDivide: {
      const int scale = std::max(kMinimumAdjustedScale, s1 + p2 + 1);
      return AdjustPrecisionScale(p1 - s1 + s2 + scale, scale);
    }
    case DecimalOp::kRemainder:
    case DecimalOp::kPmod: {
      const int scale = std::max(s1, s2);
      return AdjustPrecisionScale(std::min(p1 - s1, p2 - s2) + scale, scale);
    }
  }
  SLUICE_CHECK(false, "unknown DecimalOp");
  return a;
}

std::optional<Int128> DecimalCompute(DecimalOp op, Int128 a, DecimalSpec a_spec, Int128 b,
                                     DecimalSpec b_spec, DecimalSpec result) {
  SLUICE_CHECK(
      IsValidDecimalSpec(a_spec) && IsValidDecimalSpec(b_spec) && IsValidDecimalSpec(result),
      "invalid decimal spec");
  switch (op) {
    case DecimalOp::kAdd:
      return AddOrSubtract(false, a, a_spec, b, b_spec, result);
    case DecimalOp::kSubtract:
      return AddOrSubtract(true, a, a_spec, b, b_spec, result);
    case DecimalOp::kMultiply: {
      const SignedWide product{(a < 0) != (b < 0), MulU128(Magnitude(a), Magnitude(b))};
      return WideToSpec(product, a_spec.scale + b_spec.scale, result);
    }
    case DecimalOp::kDivide:
      return Divide(a, a_spec, b, b_spec, result);
    case DecimalOp::kRemainder:
      return Remainder(false, a, a_spec, b, b_spec, result);
    case DecimalOp::kPmod:
      return Remainder(true, a, a_spec, b, b_spec, result);
  }
  SLUICE_CHECK(false, "unknown DecimalOp");
  return std::nullopt;
}

DecimalSpec DecimalSpecForIntegerLiteral(int64_t value) {
  const U128 m = value < 0 ? -static_cast<U128>(value) : static_cast<U128>(value);
  return {CountDigits(m), 0};
}

DecimalSpec WiderDecimalSpec(DecimalSpec a, DecimalSpec b) {
  const int scale = std::max(a.scale, b.scale);
  const int integral = std::max(a.precision - a.scale, b.precision - b.scale);
  return BoundedDecimalSpec(integral + scale, scale);
}

DecimalSpec DecimalSumSpec(DecimalSpec input) {
  return BoundedDecimalSpec(input.precision + 10, input.scale);
}

DecimalSpec DecimalAvgSpec(DecimalSpec input) {
  return BoundedDecimalSpec(input.precision + 4, input.scale + 4);
}

std::optional<Int128> DecimalSumAdd(Int128 acc, Int128 value, DecimalSpec sum_spec) {
  Int128 sum;
  if (__builtin_add_overflow(acc, value, &sum)) return std::nullopt;
  if (!DecimalFits(sum, sum_spec.precision)) return std::nullopt;
  return sum;
}

std::optional<Int128> DecimalAverage(Int128 sum, int64_t count, DecimalSpec input) {
  SLUICE_CHECK(count > 0, "average of no values");
  // Spark 3.4+ (DecimalDivideWithOverflowCheck): the exact quotient, rounded HALF_UP once to the
  // result's scale, null when it does not fit the result's precision. (Spark divides at scale 38
  // first; rounding twice differs from once only past 38 digits of scale.)
  return Divide(sum, DecimalSumSpec(input), count, kLongDecimalSpec, DecimalAvgSpec(input));
}

DecimalSpec DecimalRoundSpec(DecimalSpec input, int d) {
  const int integral = input.precision - input.scale + 1;
  if (d < 0) {
    return {std::min(std::max(integral, 1 - d), kMaxDecimalPrecision), 0};
  }
  const int scale = std::min(input.scale, d);
  return {std::min(integral + scale, kMaxDecimalPrecision), scale};
}

std::optional<Int128> DecimalRound(Int128 unscaled, DecimalSpec input, int d) {
  const DecimalSpec out = DecimalRoundSpec(input, d);
  if (d >= 0) return RescaleDecimal(unscaled, input.scale, out);
  // Round to a multiple of 10^-d: drop input.scale - d digits. With more than 38 to drop the
  // value (below 10^38) is under half a unit, so it rounds to zero.
  const int64_t drop = static_cast<int64_t>(input.scale) - d;
  if (drop > kMaxDecimalPrecision) return 0;
  const std::optional<Int128> units =
      RescaleDecimal(unscaled, static_cast<int>(drop), {kMaxDecimalPrecision, 0});
  SLUICE_CHECK(units.has_value(), "dropping digits cannot overflow");
  if (*units == 0) return 0;
  const int zeros = static_cast<int>(-d);
  if (zeros >= out.precision || !DecimalFits(*units, out.precision - zeros)) return std::nullopt;
  return *units * Pow10(zeros);
}

DecimalSpec DecimalFloorCeilSpec(DecimalSpec input) {
  if (input.scale == 0) return input;
  return BoundedDecimalSpec(input.precision - input.scale + 1, 0);
}

Int128 DecimalFloor(Int128 unscaled, int scale) {
  const Int128 divisor = Pow10(scale);
  const Int128 q = unscaled / divisor;
  return (unscaled % divisor < 0) ? q - 1 : q;
}

Int128 DecimalCeil(Int128 unscaled, int scale) {
  const Int128 divisor = Pow10(scale);
  const Int128 q = unscaled / divisor;
  return (unscaled % divisor > 0) ? q + 1 : q;
}

}  // namespace sluice::engine
