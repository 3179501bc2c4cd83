// Duration: a span of time, with its unit in its type. The API takes durations only as this type
// (Seconds(10), Minutes(1), ...) or as Spark's interval strings ("10 seconds",
// "1 minute 30 seconds"), never as bare integers.
//
// Inside, the engine keeps times as integers whose names carry their unit (epoch microseconds for
// timestamps, milliseconds for watermarks and batch times, as Spark's logs do); the conversions
// between them are the functions below, so that no bare factor of 1000 appears elsewhere.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "storage/status.h"

namespace sluice::engine {

// Microseconds: the finest unit Sluice keeps (a timestamp is microseconds since the epoch).
using Duration = std::chrono::microseconds;

constexpr Duration Micros(int64_t n) { return Duration(n); }
constexpr Duration Millis(int64_t n) { return std::chrono::milliseconds(n); }
constexpr Duration Seconds(int64_t n) { return std::chrono::seconds(n); }
constexpr Duration Minutes(int64_t n) { return std::chrono::minutes(n); }
constexpr Duration Hours(int64_t n) { return std::chrono::hours(n); }
constexpr Duration Days(int64_t n) { return std::chrono::days(n); }

// Spark's interval strings: one or more "<integer> <unit>" pairs, the unit singular or plural:
// microsecond, millisecond, second, minute, hour, day, week, month (31 days, as Spark counts a
// watermark delay) and year (12 months). An error quotes the text and names what is wrong.
Result<Duration> ParseDuration(std::string_view text);
// "10 seconds", "1500 milliseconds": the largest unit that divides the duration exactly.
std::string DescribeDuration(Duration d);

inline constexpr int64_t kMicrosPerMilli = Duration(std::chrono::milliseconds(1)).count();
inline constexpr int64_t kMicrosPerSecond = Duration(std::chrono::seconds(1)).count();
inline constexpr int64_t kMillisPerSecond =
    std::chrono::milliseconds(std::chrono::seconds(1)).count();

// Truncates toward zero, as integer division does.
constexpr int64_t MillisFromMicros(int64_t us) { return us / kMicrosPerMilli; }
constexpr int64_t MicrosFromMillis(int64_t ms) { return ms * kMicrosPerMilli; }
constexpr int64_t MillisOf(Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}
constexpr double SecondsFromMillis(int64_t ms) {
  return static_cast<double>(ms) / kMillisPerSecond;
}

}  // namespace sluice::engine
