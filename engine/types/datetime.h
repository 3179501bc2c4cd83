// Date and timestamp values and Spark's functions over them, with the session time zone UTC,
// ANSI mode off and the CORRECTED datetime parser policy (see tests/scenarios/FORMAT.md).
//
// A date is an int32 count of days since 1970-01-01; a timestamp is an int64 count of
// microseconds since 1970-01-01 00:00:00 UTC. Both use the proleptic Gregorian calendar, as Spark
// 3 does. Every conversion floors, so a time before the epoch belongs to the day it falls in
// (-1 µs is 1969-12-31 23:59:59.999999). SQL null is std::nullopt. Spark's datetime patterns
// (to_timestamp(e, fmt), date_format, ...) are in engine/types/datetime_pattern.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/types/datetime_cast.h"
#include "engine/types/duration.h"

namespace sluice::engine {

inline constexpr int64_t kSecondsPerDay = 86400;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr int64_t kMicrosPerDay = kSecondsPerDay * kMicrosPerSecond;

// Floor division and its remainder (never negative for a positive divisor).
// REQUIRES: divisor > 0.
int64_t FloorDiv(int64_t value, int64_t divisor);
int64_t FloorMod(int64_t value, int64_t divisor);

// ---- Civil calendar --------------------------------------------------------------------------
// A day of the proleptic Gregorian calendar. Years may be zero or negative (year 0 is 1 BC).
struct CivilDate {
  int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  bool operator==(const CivilDate&) const = default;
};

bool IsLeapYear(int64_t year);
// REQUIRES: 1 <= month <= 12.
int DaysInMonth(int64_t year, int month);
// Whether (year, month, day) names a real day; the year is unbounded here.
bool IsValidCivil(int64_t year, int month, int day);
// Days since 1970-01-01 <-> civil date. Exact for every int64 day count whose year fits
// |year| < 2^40. REQUIRES (DaysFromCivil): IsValidCivil(year, month, day), |year| < 2^40.
CivilDate CivilFromDays(int64_t days);
int64_t DaysFromCivil(int64_t year, int month, int day);

// The fields of a timestamp in UTC, as Spark's extraction functions return them.
struct TimestampFields {
  int64_t year = 1970;
  int month = 1;        // 1..12
  int day = 1;          // day of month, 1..31
  int hour = 0;         // 0..23
  int minute = 0;       // 0..59
  int second = 0;       // 0..59
  int microsecond = 0;  // 0..999999
  int day_of_week = 4;  // ISO: 1 = Monday .. 7 = Sunday (1970-01-01 was a Thursday)
  int day_of_year = 1;  // 1..366
};
TimestampFields FieldsFromMicros(int64_t micros);

// Timestamp <-> date: the day a timestamp falls in (Spark's cast timestamp -> date), and the
// midnight starting a day (cast date -> timestamp; a date's hour, minute and second are 0).
// A date past about year 294000 has no timestamp: nullopt, where Spark raises an overflow error.
int32_t DaysFromMicros(int64_t micros);
std::optional<int64_t> MicrosFromDays(int32_t days);
// The timestamp of a wall-clock time in UTC shifted by `offset_seconds` (the time minus the
// offset), or nullopt when the result does not fit an int64 of microseconds.
// REQUIRES: IsValidCivil(year, month, day), 0 <= hour < 24, 0 <= minute, second < 60,
// 0 <= micro < 10^6, |year| < 2^40.
std::optional<int64_t> MicrosFromCivil(int64_t year, int month, int day, int hour, int minute,
                                       int second, int micro, int64_t offset_seconds = 0);

// ---- Text ------------------------------------------------------------------------------------
// Spark's casts to string. A year below 0 is written with '-' and four digits at least, a year
// above 9999 with a leading '+' ("+10000-01-01"), as java.time's ISO formatter does.
// FormatDate: "YYYY-MM-DD". FormatTimestamp: "YYYY-MM-DD HH:MM:SS", then '.' and the fraction of
// a second without trailing zeros when it is not zero ("2016-03-27 19:38:19.999999").
std::string FormatDate(int32_t days);
std::string FormatTimestamp(int64_t micros);
// The year as FormatDate writes it.
void AppendIsoYear(int64_t year, std::string* out);

// ---- Functions -------------------------------------------------------------------------------
// date_trunc(unit, ts): the timestamp truncated to the start of its YEAR (also YYYY, YY), QUARTER,
// MONTH (MON, MM), WEEK (the Monday), DAY (DD), HOUR, MINUTE, SECOND, MILLISECOND or
// MICROSECOND; the unit's case is ignored. An unknown unit is null, as in Spark.
std::optional<int64_t> DateTrunc(std::string_view unit, int64_t micros);
// trunc(date, unit): the first day of the date's YEAR (YYYY, YY), QUARTER, MONTH (MON, MM) or
// WEEK (the Monday). Any other unit, DAY included, is null, as in Spark.
std::optional<int32_t> TruncDate(int32_t days, std::string_view unit);

// date_add(start, n) and datediff(end, start) on dates. Spark adds int32 values without overflow
// checks when ANSI mode is off, so these wrap around as Java's int arithmetic does.
int32_t DateAdd(int32_t days, int32_t n);
int32_t DateDiff(int32_t end_days, int32_t start_days);

// unix_timestamp of a timestamp or of a parsed string: whole seconds, truncated toward zero as
// Spark divides (-1.5 s gives -1; a date's midnight is exact). from_unixtime's argument as a
// timestamp: seconds * 10^6, wrapping around on overflow as Spark's unchecked multiply does.
int64_t UnixSecondsFromMicros(int64_t micros);
int64_t MicrosFromUnixSeconds(int64_t seconds);

}  // namespace sluice::engine
