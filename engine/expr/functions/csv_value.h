// Text <-> values for from_csv and to_csv (engine/expr/functions/csv_functions.cc): Spark's
// UnivocityParser conversions of one field, and Java's BigDecimal text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/types/column.h"
#include "engine/types/datetime_pattern.h"

namespace sluice::engine {

// The options that decide how a field's text converts (Spark's CSVOptions, with its defaults).
struct CsvReadOptions {
  std::string null_value;             // nullValue: this text is null
  std::string empty_value;            // emptyValue: what a quoted empty field reads as
  std::string nan_value = "NaN";      // nanValue
  std::string positive_inf = "Inf";   // positiveInf
  std::string negative_inf = "-Inf";  // negativeInf
  std::optional<DateTimePattern> timestamp_format;
  std::optional<DateTimePattern> date_format;
};

// Appends the field `token` (std::nullopt: an empty unquoted field) converted to out's scalar
// type, as Spark's UnivocityParser does; returns false, appending nothing, when the text is not
// a value of the type. REQUIRES: out's type is scalar and not binary.
bool AppendCsvValue(const std::optional<std::string>& token, const CsvReadOptions& options,
                    Column* out);

// Java's Double.parseDouble and Float.parseFloat: surrounding characters <= U+0020 are trimmed;
// an optional sign, then NaN, Infinity, or decimal digits with an optional point and exponent and
// an optional f, F, d or D suffix. Hexadecimal floats are not read. Null when the text is not one.
std::optional<double> ParseJavaDouble(std::string_view text);
std::optional<float> ParseJavaFloat(std::string_view text);

// Java BigDecimal.toString of unscaled * 10^-scale: plain notation unless the adjusted exponent
// (digits - 1 - scale) is below -6, then scientific (0 at scale 18: "0E-18", 1 at scale 7:
// "1E-7", 123 at scale 9: "1.23E-7").
std::string JavaBigDecimalString(Int128 unscaled, int scale);

}  // namespace sluice::engine
