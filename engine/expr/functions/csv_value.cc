#include "engine/expr/functions/csv_value.h"

#include <cmath>
#include <cstdlib>

#include "engine/types/datetime_cast.h"
#include "engine/types/decimal.h"

namespace sluice::engine {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Java's Integer.parseInt / Long.parseLong in [min, max]: an optional sign and ASCII digits.
std::optional<int64_t> ParseJavaInteger(std::string_view s, int64_t min, int64_t max) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  // Accumulate negatively: |min| > max.
  int64_t v = 0;
  for (const char c : s) {
    if (!IsDigit(c)) return std::nullopt;
    if (v < (min + (c - '0')) / 10) return std::nullopt;
    v = v * 10 - (c - '0');
  }
  if (negative) return v;
  if (v < -max) return std::nullopt;
  return -v;
}

// The body of a Java decimal float after the sign: digits, an optional point and fraction (one
// digit at least in all), an optional exponent, an optional type suffix. Returns the text without
// the suffix, or null.
std::optional<std::string> JavaFloatBody(std::string_view s) {
  if (!s.empty() && std::string_view("fFdD").find(s.back()) != std::string_view::npos) {
    s.remove_suffix(1);
  }
  size_t i = 0;
  size_t digits = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == start) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return std::string(s);
}

// Splits Java float text into its sign and what follows, trimmed; the special words are read
// into *special.
std::optional<std::string> JavaFloatText(std::string_view s, bool* negative,
                                         std::optional<double>* special) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= 0x20) s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= 0x20) s.remove_suffix(1);
  *negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    *negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "NaN") *special = std::nan("");
  if (s == "Infinity") *special = *negative ? -HUGE_VAL : HUGE_VAL;
  if (*special) return std::string();
  return JavaFloatBody(s);
}

bool AppendNumber(std::string_view datum, const CsvReadOptions& options, Column* out) {
  const bool is_float = out->type().id() == TypeId::kFloat;
  std::optional<double> d;
  if (datum == options.nan_value) d = std::nan("");
  if (!d && datum == options.negative_inf) d = -HUGE_VAL;
  if (!d && datum == options.positive_inf) d = HUGE_VAL;
  if (d) {
    is_float ? out->AppendFloat(static_cast<float>(*d)) : out->AppendDouble(*d);
    return true;
  }
  if (is_float) {
    const std::optional<float> f = ParseJavaFloat(datum);
    if (f) out->AppendFloat(*f);
    return f.has_value();
  }
  d = ParseJavaDouble(datum);
  if (d) out->AppendDouble(*d);
  return d.has_value();
}

bool AppendDecimalText(std::string_view datum, Column* out) {
  // Java's BigDecimal(String) takes no white space; Spark removes grouping commas first.
  if (datum.empty() || static_cast<unsigned char>(datum.front()) <= 0x20 ||
      static_cast<unsigned char>(datum.back()) <= 0x20) {
    return false;
  }
  std::string text;
  for (const char c : datum) {
    if (c != ',') text.push_back(c);
  }
  const std::optional<Int128> v =
      ParseDecimal(text, DecimalSpec{out->type().precision(), out->type().scale()});
  if (v) out->AppendDecimal(*v);
  return v.has_value();
}

}  // namespace

std::optional<double> ParseJavaDouble(std::string_view text) {
  bool negative = false;
  std::optional<double> special;
  std::optional<std::string> body = JavaFloatText(text, &negative, &special);
  if (special) return special;
  if (!body) return std::nullopt;
  const double v = std::strtod(body->c_str(), nullptr);
  return negative ? -v : v;
}

std::optional<float> ParseJavaFloat(std::string_view text) {
  bool negative = false;
  std::optional<double> special;
  std::optional<std::string> body = JavaFloatText(text, &negative, &special);
  if (special) return static_cast<float>(*special);
  if (!body) return std::nullopt;
  const float v = std::strtof(body->c_str(), nullptr);
  return negative ? -v : v;
}

bool AppendCsvValue(const std::optional<std::string>& token, const CsvReadOptions& options,
                    Column* out) {
  if (!token) return out->AppendNull(), true;
  const std::string_view datum = token->empty() ? options.empty_value : *token;
  if (datum == options.null_value) return out->AppendNull(), true;
  switch (out->type().id()) {
    case TypeId::kBool: {
      std::string lower(datum);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower != "true" && lower != "false") return false;
      return out->AppendBool(lower == "true"), true;
    }
    case TypeId::kInt32:
    case TypeId::kInt64: {
      const bool is_int = out->type().id() == TypeId::kInt32;
      const std::optional<int64_t> v =
          ParseJavaInteger(datum, is_int ? INT32_MIN : INT64_MIN, is_int ? INT32_MAX : INT64_MAX);
      if (v) out->AppendIntegral(*v);
      return v.has_value();
    }
    case TypeId::kFloat:
    case TypeId::kDouble:
      return AppendNumber(datum, options, out);
    case TypeId::kDecimal:
      return AppendDecimalText(datum, out);
    case TypeId::kDate: {
      const std::optional<int32_t> days =
          options.date_format ? options.date_format->ParseDate(datum) : StringToDate(datum);
      if (days) out->AppendInt32(*days);
      return days.has_value();
    }
    case TypeId::kTimestamp: {
      const std::optional<int64_t> micros = options.timestamp_format
                                                ? options.timestamp_format->ParseTimestamp(datum)
                                                : StringToTimestamp(datum);
      if (micros) out->AppendInt(*micros);
      return micros.has_value();
    }
    default:
      return out->AppendString(datum), true;
  }
}

std::string JavaBigDecimalString(Int128 unscaled, int scale) {
  const std::string plain = FormatDecimal(unscaled, scale);
  std::string digits = FormatDecimal(unscaled < 0 ? -unscaled : unscaled, 0);
  const int adjusted = static_cast<int>(digits.size()) - 1 - scale;
  if (scale == 0 || adjusted >= -6) return plain;
  std::string out = unscaled < 0 ? "-" : "";
  out += digits[0];
  if (digits.size() > 1) out += "." + digits.substr(1);
  return out + "E" + std::to_string(adjusted);
}

}  // namespace sluice::engine
