// The text parsers of engine/types/decimal.h: Spark's string-to-decimal cast and the scenario
// format's exact form.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/types/decimal.h"
#include "spec/check.h"

namespace sluice::engine {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A number as Java's BigDecimal(String) reads it: its significant digits (no leading zeros;
// empty for zero) and its scale, so that the value is digits * 10^-scale.
struct DecimalText {
  bool negative = false;
  std::string digits;
  int64_t scale = 0;
};

// Java BigDecimal's syntax; nullopt where it throws NumberFormatException.
std::optional<DecimalText> ReadDecimalText(std::string_view s) {
  DecimalText out;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) out.negative = s[i++] == '-';
  int64_t mantissa_digits = 0;
  int64_t fraction_digits = 0;
  bool seen_point = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (!IsDigit(c)) break;
    ++mantissa_digits;
    if (seen_point) ++fraction_digits;
    if (!(out.digits.empty() && c == '0')) out.digits.push_back(c);
  }
  if (mantissa_digits == 0) return std::nullopt;
  int64_t exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negative_exponent = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative_exponent = s[i++] == '-';
    const size_t first = i;
    for (; i < s.size() && IsDigit(s[i]); ++i) {
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > INT32_MAX) return std::nullopt;  // Java: exponent overflow
    }
    if (i == first) return std::nullopt;
    if (negative_exponent) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  out.scale = fraction_digits - exponent;
  if (out.scale > INT32_MAX || out.scale < INT32_MIN) return std::nullopt;  // Java: scale overflow
  return out;
}

// The digits' value, or nullopt when there are more than 38 of them.
std::optional<Int128> DigitsValue(std::string_view digits) {
  if (digits.size() > static_cast<size_t>(kMaxDecimalPrecision)) return std::nullopt;
  Int128 v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

// The number digits * 10^-scale rounded HALF_UP to spec.scale; nullopt when it does not fit.
std::optional<Int128> ToSpec(const DecimalText& t, DecimalSpec spec) {
  const int64_t n = static_cast<int64_t>(t.digits.size());
  Int128 magnitude = 0;
  if (t.scale <= spec.scale) {
    const int64_t zeros = spec.scale - t.scale;  // appended to the digits
    if (n > 0 && n + zeros > spec.precision) return std::nullopt;
    if (n > 0) magnitude = *DigitsValue(t.digits) * Pow10(static_cast<int>(zeros));
  } else {
    const int64_t drop = t.scale - spec.scale;  // digits cut from the right
    const int64_t keep = n - drop;
    if (keep > spec.precision) return std::nullopt;
    if (keep > 0) magnitude = *DigitsValue(std::string_view(t.digits).substr(0, keep));
    // HALF_UP looks at the first dropped digit; when drop > n it is an implied leading zero.
    if (keep >= 0 && keep < n && t.digits[keep] >= '5') ++magnitude;
    if (!DecimalFits(magnitude, spec.precision)) return std::nullopt;
  }
  return t.negative ? -magnitude : magnitude;
}

}  // namespace

std::optional<Int128> ParseDecimal(std::string_view text, DecimalSpec spec) {
  SLUICE_CHECK(IsValidDecimalSpec(spec), "invalid decimal spec");
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && static_cast<unsigned char>(text[begin]) <= ' ') ++begin;
  while (end > begin && static_cast<unsigned char>(text[end - 1]) <= ' ') --end;
  const std::optional<DecimalText> t = ReadDecimalText(text.substr(begin, end - begin));
  if (!t) return std::nullopt;
  // Spark's fast check: BigDecimal's precision (1 for zero) minus its scale over 38 is null.
  const int64_t precision = t->digits.empty() ? 1 : static_cast<int64_t>(t->digits.size());
  if (precision - t->scale > kMaxDecimalPrecision) return std::nullopt;
  return ToSpec(*t, spec);
}

std::optional<Int128> ParseDecimalLiteral(std::string_view text, DecimalSpec spec) {
  SLUICE_CHECK(IsValidDecimalSpec(spec), "invalid decimal spec");
  size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++i;
  const size_t int_begin = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  const std::string_view integral = text.substr(int_begin, i - int_begin);
  if (integral.empty() || (integral.size() > 1 && integral[0] == '0')) return std::nullopt;
  if (integral != "0" && integral.size() > static_cast<size_t>(spec.precision - spec.scale)) {
    return std::nullopt;
  }
  std::string_view fraction;
  if (spec.scale > 0) {
    if (i >= text.size() || text[i] != '.') return std::nullopt;
    const size_t frac_begin = ++i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    fraction = text.substr(frac_begin, i - frac_begin);
    if (fraction.size() != static_cast<size_t>(spec.scale)) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  Int128 magnitude = *DigitsValue(integral) * Pow10(spec.scale);
  if (!fraction.empty()) magnitude += *DigitsValue(fraction);
  return negative ? -magnitude : magnitude;
}

}  // namespace sluice::engine
