// Spark's datetime patterns (https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html)
// under the CORRECTED parser policy, i.e. java.time's DateTimeFormatter as Spark builds it:
// English names, the ISO calendar, strict resolution, case-insensitive parsing. They serve
// to_timestamp(e, fmt), to_date(e, fmt), unix_timestamp(e, fmt), date_format(ts, fmt) and
// from_unixtime(s, fmt). A pattern is compiled once into a small program of steps, then formats
// or parses many values; the session time zone is UTC.
//
// Letters (a run of n equal letters is one field):
//   y      year: "yy" two digits (parsed as 2000-2099); otherwise at least n digits, a '-' below
//          zero, and with n >= 4 a '+' when the year needs more than n digits ("+12345")
//   M, L   month: 1-2 digits, "MMM" Jan, "MMMM" January          d  day of month, 1-2 digits
//   D      day of year, 1-3 digits        Q, q  quarter (formatting only): 1-2 digits, Q1, 1st
//   quarter E      day of week (formatting only): 1-3 letters Mon, 4 Monday a      AM/PM     H 0-23
//   k 1-24   K 0-11   h 1-12   m minute   s second (each 1-2 digits) S      fraction of a second,
//   1-9 letters: formatting writes n digits (truncated); parsing
//          reads 1 to n digits, as Spark's variable-length fraction does. Past 6 digits only
//          zeros can be kept, as a timestamp holds microseconds.
//   X, x, Z  zone offset; VV zone id; z zone name. Formatting writes UTC's form of each ("Z",
//          "+00", "+0000", "+00:00", "GMT", "UTC", "Coordinated Universal Time"); parsing reads an
//          offset, or a zone id that engine/types/datetime_cast.h knows, and applies it.
//   'text' a literal, '' a quote; any other character but [ ] { } # stands for itself.
//   [ ... ] an optional section: always written; parsed when it matches, else skipped.
// Errors (Compile): letters Spark refuses (week-based Y w W u e c; A B n N p; E F q Q when
// parsing; 5 or more of G M L E Q q; 7 or more y), letters java.time does not know, too many
// letters for a field ("ddd"), reserved characters and unclosed quotes or sections. The message
// names the letter and its 0-based position in the pattern.
// Unlike Spark: era (G), 'O', 'v', 'F' and 'g' are not supported (an error). Zone names and ids
// with daylight saving rules cannot be parsed (null), see ParseZoneOffset.
//
// Parsing is strict: the whole text must match, every field must be in range and agree with the
// others (a day of year against month and day, "HH" against "a"); otherwise the result is null.
// A field the pattern lacks defaults as in Spark: year 1970, month 1, day 1, time 00:00:00; an
// hour from "h" or "K" without "a" is taken as AM, and "a" alone with PM means 12:00.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/status.h"

namespace sluice::engine {

// Spark checks a pattern differently for formatting and for parsing (E, F, q and Q are refused
// for parsing), and reads fractions of variable length only when parsing.
enum class PatternUse { kFormat, kParse };

class DateTimePattern {
 public:
  // The pattern Spark's unix_timestamp and from_unixtime use when none is given.
  static constexpr std::string_view kDefault = "yyyy-MM-dd HH:mm:ss";

  static Result<DateTimePattern> Compile(std::string_view pattern, PatternUse use);

  // date_format / from_unixtime: the timestamp written in UTC. Appends to *out.
  // REQUIRES: compiled for PatternUse::kFormat.
  void FormatTo(int64_t micros, std::string* out) const;
  std::string Format(int64_t micros) const;

  // to_timestamp / unix_timestamp: the instant the text names (its zone, else UTC), or nullopt.
  // REQUIRES: compiled for PatternUse::kParse.
  std::optional<int64_t> ParseTimestamp(std::string_view text) const;
  // The date the text names, as Spark's DateFormatter reads it (date fields only; time fields
  // must still be valid; a zone is ignored), or nullopt. Spark's to_date(e, fmt) is instead the
  // day of ParseTimestamp's result (DaysFromMicros), which a zone in the text can shift.
  // REQUIRES: compiled for PatternUse::kParse.
  std::optional<int32_t> ParseDate(std::string_view text) const;

  const std::string& pattern() const { return pattern_; }
  PatternUse use() const { return use_; }

  // What one step of the program does; public so that the implementation's helpers can see it.
  enum class StepKind : uint8_t {
    kLiteral,
    kNumber,
    kReducedYear,
    kFraction,
    kText,
    kOffset,
    kZoneId,
    kZoneName,
    kLocalizedOffset,
    kOptionalStart,
    kOptionalEnd
  };
  enum class SignStyle : uint8_t { kNormal, kNotNegative, kExceedsPad };
  struct Step {
    StepKind kind = StepKind::kLiteral;
    uint8_t field = 0;  // the field a number or text step reads or writes
    uint8_t min_width = 0;
    uint8_t max_width = 0;  // for an offset: java.time's offset pattern index (0 = "+HH")
    bool full = false;      // text and zone names: the full style ("January")
    SignStyle sign = SignStyle::kNormal;
    int subsequent_width = 0;  // digits that adjacent fixed-width fields after it will take
    size_t end = 0;            // kOptionalStart: the index of its kOptionalEnd
    std::string literal;       // kLiteral text; kOffset: the text for a zero offset
  };

 private:
  DateTimePattern(std::string pattern, PatternUse use, std::vector<Step> steps)
      : pattern_(std::move(pattern)), use_(use), steps_(std::move(steps)) {}

  std::string pattern_;
  PatternUse use_;
  std::vector<Step> steps_;
};

}  // namespace sluice::engine
