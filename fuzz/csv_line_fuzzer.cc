// ParseCsvLine and WriteCsvLine (engine/expr/csv_line.h) on any bytes.
//
// The first byte picks the format: bit 0 a ';' separator (else ','), bit 1 the multi-character
// separator "||" instead, bit 2 quote and escape both '\'' (else '"' and '\\'), bit 3 no quoting.
// The rest is one record's text.
//
// Property: no crash and no sanitizer report; and parse, write, parse gives the same fields:
// the fields read, written with the white space kept, read back as themselves (unless quoting is
// off, or the record is a single null field, which is written as an empty line: no fields).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/expr/csv_line.h"
#include "spec/check.h"

namespace sluice::engine {
namespace {

void Fuzz(std::string_view input) {
  if (input.empty()) return;
  const auto selector = static_cast<uint8_t>(input[0]);
  input.remove_prefix(1);
  CsvFormat format;
  if (selector & 1) format.separator = ";";
  if (selector & 2) format.separator = "||";
  if (selector & 4) format.quote = format.escape = '\'';
  if (selector & 8) format.quote = '\0';
  const std::vector<std::optional<std::string>> fields = ParseCsvLine(input, format);
  CsvWriteOptions keep;
  keep.trim_leading = keep.trim_trailing = false;
  keep.empty_value = std::string(2, format.quote);  // Spark's default `""` suits '"' only
  const std::string line = WriteCsvLine(fields, format, keep);
  (void)WriteCsvLine(fields, format, CsvWriteOptions{});
  if (format.quote == '\0' || (fields.size() == 1 && !fields[0])) return;
  const std::vector<std::optional<std::string>> again = ParseCsvLine(line, format);
  if (again != fields) {
    std::fprintf(stderr, "input: '%.*s'\nwritten: '%s'\n", static_cast<int>(input.size()),
                 input.data(), line.c_str());
    SLUICE_CHECK(false, "a written record reads back as the fields it was written from");
  }
}

}  // namespace
}  // namespace sluice::engine

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sluice::engine::Fuzz(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
