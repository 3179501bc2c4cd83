// The string-to-decimal cast ParseDecimal and the scenario format's exact decimal literal
// ParseDecimalLiteral (engine/types/decimal.h) on any bytes.
//
// The first two bytes choose the type: precision 1 + b0 % 38, scale b1 % (precision + 1); the
// rest is the text (shorter inputs: decimal(10,0) and the whole input).
//
// Properties: no crash and no sanitizer report; a value that ParseDecimal gives fits the type
// and FormatDecimal writes it in a form that ParseDecimal and ParseDecimalLiteral both read back
// as the same value; a value that ParseDecimalLiteral gives is what ParseDecimal gives for the
// same text, and FormatDecimal writes that text again (except "-0", "-0.00": a negative zero is
// zero).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "engine/types/decimal.h"
#include "spec/check.h"

namespace sluice::engine {
namespace {

std::string Text(std::optional<Int128> v, int scale) {
  return v ? FormatDecimal(*v, scale) : "(null)";
}

[[noreturn]] void Fail(std::string_view text, DecimalSpec spec, const std::string& detail,
                       const char* what) {
  std::fprintf(stderr, "text: '%.*s' as %s\n%s\n", static_cast<int>(text.size()), text.data(),
               DecimalSpecName(spec).c_str(), detail.c_str());
  SLUICE_CHECK(false, what);
}

void Fuzz(std::string_view text, DecimalSpec spec) {
  const std::optional<Int128> cast = ParseDecimal(text, spec);
  if (cast) {
    if (!DecimalFits(*cast, spec.precision)) {
      Fail(text, spec, "value " + Text(cast, spec.scale), "a parsed decimal fits its type");
    }
    const std::string written = FormatDecimal(*cast, spec.scale);
    const std::optional<Int128> again = ParseDecimal(written, spec);
    if (again != cast) {
      Fail(text, spec, "written '" + written + "' read back as " + Text(again, spec.scale),
           "ParseDecimal reads FormatDecimal's text back");
    }
    const std::optional<Int128> literal = ParseDecimalLiteral(written, spec);
    if (literal != cast) {
      Fail(text, spec, "written '" + written + "' read as literal " + Text(literal, spec.scale),
           "ParseDecimalLiteral reads FormatDecimal's text back");
    }
  }
  if (const std::optional<Int128> literal = ParseDecimalLiteral(text, spec)) {
    if (literal != cast) {
      Fail(text, spec, "literal " + Text(literal, spec.scale) + ", cast " + Text(cast, spec.scale),
           "a decimal literal casts to the same value");
    }
    const std::string written = FormatDecimal(*literal, spec.scale);
    const bool negative_zero = *literal == 0 && text.starts_with('-');
    if (written != text && !negative_zero) {
      Fail(text, spec, "written '" + written + "'", "FormatDecimal writes a literal as it was");
    }
  }
}

}  // namespace
}  // namespace sluice::engine

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using sluice::engine::DecimalSpec;
  DecimalSpec spec{10, 0};
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (size >= 2) {
    spec.precision = 1 + data[0] % 38;
    spec.scale = data[1] % (spec.precision + 1);
    text.remove_prefix(2);
  }
  sluice::engine::Fuzz(text, spec);
  return 0;
}
