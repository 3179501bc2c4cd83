// Shared by datetime_pattern.cc (compiling, formatting) and datetime_pattern_parse.cc: the
// fields a pattern step reads or writes, and the English names of their values.
#pragma once

#include <cstdint>
#include <string_view>

namespace sluice::engine::datetime_detail {

// java.time's ChronoFields that Spark's patterns use.
enum DateTimeField : uint8_t {
  kYear,
  kQuarter,
  kMonth,
  kDayOfMonth,
  kDayOfYear,
  kDayOfWeek,  // 1 = Monday .. 7 = Sunday
  kAmPm,       // 0 = AM, 1 = PM
  kHourOfDay,
  kClockHourOfDay,   // 1..24
  kHourOfAmPm,       // 0..11
  kClockHourOfAmPm,  // 1..12
  kMinute,
  kSecond,
  kNano,
  kOffsetSeconds,
  kFieldCount
};

inline constexpr std::string_view kUtcFullName = "Coordinated Universal Time";

// The English (Locale.US) text of a month (1..12), day of week (1..7), AM/PM (0..1) or quarter
// (1..4), short ("Jan", "Mon", "Q1") or full ("January", "Monday", "1st quarter"); AM/PM has one
// style. REQUIRES: the field has text and the value is in its range.
std::string_view FieldText(uint8_t field, int64_t value, bool full);
// The largest value FieldText takes for a field with text.
int64_t FieldTextMax(uint8_t field);

}  // namespace sluice::engine::datetime_detail
