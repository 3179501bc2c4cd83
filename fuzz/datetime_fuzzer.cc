// String casts to date and timestamp (engine/types/datetime_cast.h) and datetime patterns
// (engine/types/datetime_pattern.h) on any bytes.
//
// The input is split at its first newline: a datetime pattern before it, the text after it (no
// newline: the whole input is the text and no pattern is tried).
//
// Properties:
//   - StringToDate / StringToTimestamp: a value that parses is written by FormatDate /
//     FormatTimestamp in a form that casts back to the same value (both write every field, and
//     the casts read every year those values can hold).
//   - A pattern that compiles for parsing compiles for formatting too. When ParseTimestamp
//     (ParseDate) reads the text, the value formatted with the pattern reads back to a value that
//     formats to the same text. (Not the same value: a pattern may drop what the text said, e.g.
//     "yy" keeps two digits of a year that a zone offset moved out of 2000-2099.) Checked only
//     when every two fields are apart by a separator (FieldsApart): java.time reads "H" as up to
//     19 digits, so "H[H]" reads its own "00" + "0" back as one field.
//   - Formatting any instant, the int64 extremes included, does not crash.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "engine/types/datetime.h"
#include "engine/types/datetime_cast.h"
#include "engine/types/datetime_pattern.h"
#include "spec/check.h"

namespace sluice::engine {
namespace {

[[noreturn]] void Fail(std::string_view input, const std::string& detail, const char* what) {
  std::fprintf(stderr, "input: '%.*s'\n%s\n", static_cast<int>(input.size()), input.data(),
               detail.c_str());
  SLUICE_CHECK(false, what);
}

void Casts(std::string_view input, std::string_view text) {
  (void)ParseZoneOffset(text);
  if (const std::optional<int32_t> d = StringToDate(text)) {
    const std::string written = FormatDate(*d);
    if (StringToDate(written) != d) {
      Fail(input, "date " + std::to_string(*d) + " written '" + written + "'",
           "a date that a string casts to casts back from FormatDate");
    }
  }
  if (const std::optional<int64_t> t = StringToTimestamp(text)) {
    const std::string written = FormatTimestamp(*t);
    if (StringToTimestamp(written) != t) {
      Fail(input, "timestamp " + std::to_string(*t) + " written '" + written + "'",
           "a timestamp that a string casts to casts back from FormatTimestamp");
    }
  }
}

// Whether each field (a run of one letter outside quotes) is apart from the field before it by a
// literal holding one of " ,;|:./-", which no number, name or offset reads past, and no literal
// holds a digit.
bool FieldsApart(std::string_view pattern) {
  bool quoted = false, field_before = false, apart = false;
  char run = 0;   // the letter of the run the previous character continues, or 0
  char last = 0;  // the letter of the last field
  for (char c : pattern) {
    if (c >= '0' && c <= '9') return false;  // a literal digit that a number before it may read
    if (c == '\'') {
      quoted = !quoted;
      run = 0;
      continue;
    }
    const bool letter = !quoted && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    if (!letter) {
      // "VV" and "O" read an offset after the "UTC" or "GMT" they write: "-" and ":" do not end
      // them ("z" reads "UTC" alone).
      const bool zone_before = field_before && (last == 'V' || last == 'O');
      const std::string_view separators = zone_before ? " ,;|./" : " ,;|:./-";
      if (separators.find(c) != std::string_view::npos) apart = true;
      run = 0;
      continue;
    }
    if (c == run) continue;
    if (field_before && !apart) return false;
    field_before = true;
    apart = false;
    run = c;
    last = c;
  }
  return true;
}

void Pattern(std::string_view input, std::string_view pattern, std::string_view text) {
  Result<DateTimePattern> format = DateTimePattern::Compile(pattern, PatternUse::kFormat);
  if (format.ok()) {
    int64_t from_text = 0;
    std::memcpy(&from_text, text.data(), std::min(text.size(), sizeof from_text));
    for (int64_t t : {int64_t{0}, int64_t{-1}, std::numeric_limits<int64_t>::min(),
                      std::numeric_limits<int64_t>::max(), from_text}) {
      (void)format.value().Format(t);
    }
  }
  Result<DateTimePattern> parse = DateTimePattern::Compile(pattern, PatternUse::kParse);
  if (!parse.ok()) return;
  if (!format.ok()) {
    Fail(input, format.status().ToString(), "a pattern for parsing is a pattern for formatting");
  }
  const DateTimePattern& p = parse.value();
  const DateTimePattern& f = format.value();
  if (!FieldsApart(pattern)) {
    (void)p.ParseTimestamp(text);
    (void)p.ParseDate(text);
    return;
  }
  if (const std::optional<int64_t> t = p.ParseTimestamp(text)) {
    const std::string written = f.Format(*t);
    if (const std::optional<int64_t> again = p.ParseTimestamp(written)) {
      if (f.Format(*again) != written) {
        Fail(input,
             "timestamp " + std::to_string(*t) + " written '" + written + "' read back as " +
                 std::to_string(*again) + " written '" + f.Format(*again) + "'",
             "a pattern reads what it writes as a value that it writes the same way");
      }
    }
  }
  if (const std::optional<int32_t> d = p.ParseDate(text)) {
    const std::optional<int64_t> midnight = MicrosFromDays(*d);
    if (!midnight) return;
    const std::string written = f.Format(*midnight);
    if (const std::optional<int32_t> again = p.ParseDate(written)) {
      const std::optional<int64_t> again_midnight = MicrosFromDays(*again);
      if (!again_midnight || f.Format(*again_midnight) != written) {
        Fail(input,
             "date " + std::to_string(*d) + " written '" + written + "' read back as " +
                 std::to_string(*again),
             "a pattern reads the date it writes as a date that it writes the same way");
      }
    }
  }
}

void Fuzz(std::string_view input) {
  const size_t nl = input.find('\n');
  if (nl == std::string_view::npos) {
    Casts(input, input);
    return;
  }
  const std::string_view text = input.substr(nl + 1);
  Casts(input, text);
  Pattern(input, input.substr(0, nl), text);
}

}  // namespace
}  // namespace sluice::engine

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sluice::engine::Fuzz(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
