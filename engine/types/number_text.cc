#include "engine/types/number_text.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <system_error>

#include "spec/check.h"

namespace sluice::engine {
namespace {

// `digits` (no point, no leading zeros) times 10^exponent10, where the first digit is the units.
std::string JavaForm(bool negative, const std::string& digits, int exponent10) {
  std::string out = negative ? "-" : "";
  if (exponent10 >= -3 && exponent10 < 7) {
    if (exponent10 < 0) {
      out += "0." + std::string(static_cast<size_t>(-exponent10 - 1), '0') + digits;
      return out;
    }
    const size_t units = static_cast<size_t>(exponent10) + 1;
    std::string whole = digits.substr(0, std::min(units, digits.size()));
    whole.append(units > digits.size() ? units - digits.size() : 0, '0');
    const std::string frac = digits.size() > units ? digits.substr(units) : "0";
    return out + whole + "." + frac;
  }
  const std::string frac = digits.size() > 1 ? digits.substr(1) : "0";
  return out + digits.substr(0, 1) + "." + frac + "E" + std::to_string(exponent10);
}

template <typename T>
std::string ToJava(T v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  char buf[64];
  const auto [end, ec] =
      std::to_chars(buf, buf + sizeof(buf), std::fabs(v), std::chars_format::scientific);
  SLUICE_CHECK(ec == std::errc(), "a number fits its text buffer");
  const std::string text(buf, end);  // "1.2345e+06" or "5e-324"
  const size_t e = text.find('e');
  std::string digits;
  for (size_t i = 0; i < e; ++i) {
    if (text[i] != '.') digits += text[i];
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  return JavaForm(std::signbit(v), digits, std::atoi(text.c_str() + e + 1));
}

}  // namespace

std::string DoubleToJavaString(double v) { return ToJava(v); }
std::string FloatToJavaString(float v) { return ToJava(v); }

}  // namespace sluice::engine
