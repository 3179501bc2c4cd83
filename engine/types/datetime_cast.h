// Spark's casts from strings to dates and timestamps (ANSI mode off, session time zone UTC), and
// the zone ids those strings and the datetime patterns may name. Values are as in
// engine/types/datetime.h; SQL null is std::nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sluice::engine {

// Spark's cast string -> date (stringToDate). Surrounding white space and control characters are
// trimmed; accepted: `[+-]yyyy[y..]`, `yyyy-[m]m`, `yyyy-[m]m-[d]d`, then optionally ' ' or 'T'
// followed by anything. The year has 4 to 7 digits; month and day 1 or 2. Anything else, an
// impossible day (2015-02-29) or a day outside the int32 range is nullopt.
std::optional<int32_t> StringToDate(std::string_view text);

// Spark's cast string -> timestamp (stringToTimestamp, session zone UTC). Trimmed as above;
// accepted: `[+-]yyyy[y][y]`, `yyyy-[m]m`, `yyyy-[m]m-[d]d`, then ' ' or 'T' and
// `[h]h[:[m]m[:[s]s[.fraction]]]` and an optional zone right after the seconds or the fraction
// (spaces allowed before it). Missing fields are month 1, day 1, time 0. The fraction may have
// any number of digits; digits past the sixth are dropped (truncated, not rounded). Zones: see
// ParseZoneOffset. nullopt for anything malformed, an impossible date or time, or a result out of
// the int64 range.
// Unlike Spark: a time without a date ("10:00:00", "T10:00") is a time today in Spark; it is
// nullopt here, because Sluice never reads the wall clock.
std::optional<int64_t> StringToTimestamp(std::string_view text);

// A zone id as Spark's getZoneId reads one, as its offset from UTC in seconds:
//   "Z"; "+h", "+hh", "+hh:mm", "+hhmm", "+hh:mm:ss", "+hhmmss" (or '-'; at most 18:00, and
//   Spark's "+h:mm" and "+hh:m" spellings); "UTC", "GMT", "UT", each alone or followed by an
//   offset as above ("GMT+1", "UTC-08:00"); the short ids with a fixed offset ("EST", "MST",
//   "HST"); and the tz database's fixed zones ("Etc/UTC", "Zulu", "Etc/GMT+5" = -05:00, ...).
// Case matters, as in Java ("utc" is no zone). Unlike Spark: region ids with daylight saving rules
// ("America/Los_Angeles", "PST", "Europe/Paris") need the tz database, which Sluice does not
// carry; they are nullopt (so a timestamp string naming one casts to null).
std::optional<int32_t> ParseZoneOffset(std::string_view zone_id);

// Spark's trim for casts: white space and ISO control characters (bytes 0x00-0x20 and 0x7F) at
// both ends; the bytes of multi-byte UTF-8 characters are never trimmed.
std::string_view TrimForCast(std::string_view text);

}  // namespace sluice::engine
