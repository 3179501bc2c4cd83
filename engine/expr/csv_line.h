// One CSV record as text <-> its fields, the tokenizer and writer under from_csv and to_csv (and
// the CSV file source): the subset of univocity's CsvParser and CsvWriter that Spark's CSV
// options configure, with Spark's defaults.
//
// Reading (ParseCsvLine): fields are separated by `separator` (one or more characters). A field
// whose first character is `quote` is quoted: it runs to the next quote that is not escaped, and
// inside it `escape` followed by `quote` or by `escape` stands for that character, and when
// `escape` is `quote` a doubled quote stands for one; separators and line breaks inside are text.
// Text between a closing quote and the next separator is kept, with the quote (univocity's
// STOP_AT_DELIMITER: `"ab"cd` reads `ab"cd`); an unterminated quoted field runs to the end.
// Every other field is taken verbatim up to the separator; a line break (\n or \r) outside quotes
// ends the record and what follows is ignored. Leading and trailing white space is kept (Spark's
// ignoreLeadingWhiteSpace and ignoreTrailingWhiteSpace are false when reading). An empty unquoted
// field is null (univocity's nullValue); a quoted empty field is the empty string. An empty record
// has no fields. A `quote` of '\0' turns quoting off.
//
// Writing (WriteCsvLine): a null field is `null_value` as is; an empty string is `empty_value` as
// is (Spark writes `""`); other values lose their leading and trailing white space (characters <=
// U+0020) when the trim flags are set (Spark's defaults when writing) and are quoted when they
// hold the quote character, the escape character, a line break or the separator's first character
// (so that a multi-character separator cannot match across a value's end), or always with
// `quote_all`. Inside quotes a quote or an escape
// character is written after `escape` (a doubled quote when `escape` is `quote`), so that
// ParseCsvLine reads every written record back to the same fields.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::engine {

// The characters of a CSV format (Spark's options sep, quote, escape).
struct CsvFormat {
  std::string separator = ",";  // REQUIRES: not empty
  char quote = '"';             // '\0': no quoting
  char escape = '\\';
};

// The writer's settings beyond the format (Spark's nullValue, emptyValue, ignoreLeadingWhiteSpace,
// ignoreTrailingWhiteSpace and quoteAll, with their write defaults).
struct CsvWriteOptions {
  std::string null_value;
  std::string empty_value = "\"\"";
  bool trim_leading = true;
  bool trim_trailing = true;
  bool quote_all = false;
};

// The fields of the first record of `line`; std::nullopt for an empty unquoted field.
std::vector<std::optional<std::string>> ParseCsvLine(std::string_view line,
                                                     const CsvFormat& format);

// One record of `fields` (std::nullopt for null), without a line separator.
std::string WriteCsvLine(const std::vector<std::optional<std::string>>& fields,
                         const CsvFormat& format, const CsvWriteOptions& options);

}  // namespace sluice::engine
