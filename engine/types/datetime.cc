#include "engine/types/datetime.h"

#include <array>
#include <cctype>
#include <limits>

#include "spec/check.h"

namespace sluice::engine {

namespace {
constexpr int64_t kDaysPer400Years = 146097;
// Days from 0000-03-01 to 1970-01-01: the civil algorithms count from a March 1st so that the
// leap day falls at the end of the counting year.
constexpr int64_t kEpochShiftDays = 719468;
constexpr int64_t kYearAbsMax = int64_t{1} << 40;
}  // namespace

int64_t FloorDiv(int64_t value, int64_t divisor) {
  SLUICE_CHECK(divisor > 0, "FloorDiv needs a positive divisor");
  int64_t q = value / divisor;
  if (value % divisor != 0 && value < 0) --q;
  return q;
}

int64_t FloorMod(int64_t value, int64_t divisor) {
  SLUICE_CHECK(divisor > 0, "FloorMod needs a positive divisor");
  const int64_t r = value % divisor;
  return r < 0 ? r + divisor : r;
}

bool IsLeapYear(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysInMonth(int64_t year, int month) {
  SLUICE_CHECK(month >= 1 && month <= 12, "month out of 1..12");
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

bool IsValidCivil(int64_t year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

// Howard Hinnant's days_from_civil / civil_from_days, over 400-year eras.
CivilDate CivilFromDays(int64_t days) {
  const int64_t z = days + kEpochShiftDays;
  const int64_t era = FloorDiv(z, kDaysPer400Years);
  const int64_t doe = z - era * kDaysPer400Years;                             // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                     // March = 0
  CivilDate out;
  out.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  out.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  out.year = yoe + era * 400 + (out.month <= 2 ? 1 : 0);
  SLUICE_CHECK(IsValidCivil(out.year, out.month, out.day), "civil date out of range");
  return out;
}

int64_t DaysFromCivil(int64_t year, int month, int day) {
  SLUICE_CHECK(IsValidCivil(year, month, day), "DaysFromCivil of an impossible date");
  SLUICE_CHECK(year > -kYearAbsMax && year < kYearAbsMax, "year too large for DaysFromCivil");
  const int64_t y = year - (month <= 2 ? 1 : 0);
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * kDaysPer400Years + doe - kEpochShiftDays;
}

TimestampFields FieldsFromMicros(int64_t micros) {
  const int64_t days = FloorDiv(micros, kMicrosPerDay);
  const int64_t of_day = FloorMod(micros, kMicrosPerDay);
  const CivilDate date = CivilFromDays(days);
  TimestampFields f;
  f.year = date.year;
  f.month = date.month;
  f.day = date.day;
  f.hour = static_cast<int>(of_day / kMicrosPerHour);
  f.minute = static_cast<int>(of_day / kMicrosPerMinute % 60);
  f.second = static_cast<int>(of_day / kMicrosPerSecond % 60);
  f.microsecond = static_cast<int>(of_day % kMicrosPerSecond);
  f.day_of_week = static_cast<int>(FloorMod(days + 3, 7)) + 1;  // day 0 was a Thursday
  f.day_of_year = static_cast<int>(days - DaysFromCivil(date.year, 1, 1)) + 1;
  return f;
}

int32_t DaysFromMicros(int64_t micros) {
  return static_cast<int32_t>(FloorDiv(micros, kMicrosPerDay));
}

std::optional<int64_t> MicrosFromDays(int32_t days) {
  int64_t out = 0;
  if (__builtin_mul_overflow(int64_t{days}, kMicrosPerDay, &out)) return std::nullopt;
  return out;
}

std::optional<int64_t> MicrosFromCivil(int64_t year, int month, int day, int hour, int minute,
                                       int second, int micro, int64_t offset_seconds) {
  SLUICE_CHECK(hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60 &&
                   micro >= 0 && micro < kMicrosPerSecond,
               "MicrosFromCivil of an impossible time");
  // 128 bits: the day's start alone may lie below the int64 range while the instant does not.
  const __int128 seconds = static_cast<__int128>(DaysFromCivil(year, month, day)) * kSecondsPerDay +
                           hour * 3600 + minute * 60 + second - offset_seconds;
  const __int128 micros = seconds * kMicrosPerSecond + micro;
  if (micros < std::numeric_limits<int64_t>::min() ||
      micros > std::numeric_limits<int64_t>::max()) {
    return std::nullopt;
  }
  return static_cast<int64_t>(micros);
}

// ---- Text ------------------------------------------------------------------------------------

void AppendIsoYear(int64_t year, std::string* out) {
  // java.time's ISO year: at least 4 digits, '-' below zero, '+' past 9999.
  if (year > 9999) out->push_back('+');
  if (year < 0) out->push_back('-');
  const uint64_t magnitude = year < 0 ? 0 - static_cast<uint64_t>(year) : year;
  const std::string digits = std::to_string(magnitude);
  if (digits.size() < 4) out->append(4 - digits.size(), '0');
  out->append(digits);
}

namespace {
void AppendTwoDigits(int value, std::string* out) {
  out->push_back(static_cast<char>('0' + value / 10));
  out->push_back(static_cast<char>('0' + value % 10));
}

void AppendCivil(const CivilDate& d, std::string* out) {
  AppendIsoYear(d.year, out);
  out->push_back('-');
  AppendTwoDigits(d.month, out);
  out->push_back('-');
  AppendTwoDigits(d.day, out);
}
}  // namespace

std::string FormatDate(int32_t days) {
  std::string out;
  AppendCivil(CivilFromDays(days), &out);
  return out;
}

std::string FormatTimestamp(int64_t micros) {
  const TimestampFields f = FieldsFromMicros(micros);
  std::string out;
  AppendCivil({f.year, f.month, f.day}, &out);
  out.push_back(' ');
  AppendTwoDigits(f.hour, &out);
  out.push_back(':');
  AppendTwoDigits(f.minute, &out);
  out.push_back(':');
  AppendTwoDigits(f.second, &out);
  if (f.microsecond != 0) {
    std::string frac = std::to_string(f.microsecond);
    frac.insert(0, 6 - frac.size(), '0');
    while (frac.back() == '0') frac.pop_back();
    out.push_back('.');
    out.append(frac);
  }
  return out;
}

// ---- Functions -------------------------------------------------------------------------------

namespace {
enum class TruncUnit {
  kMicrosecond,
  kMillisecond,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kQuarter,
  kYear
};

std::optional<TruncUnit> ParseTruncUnit(std::string_view unit) {
  std::string upper(unit);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  static constexpr std::pair<std::string_view, TruncUnit> kNames[] = {
      {"MICROSECOND", TruncUnit::kMicrosecond},
      {"MILLISECOND", TruncUnit::kMillisecond},
      {"SECOND", TruncUnit::kSecond},
      {"MINUTE", TruncUnit::kMinute},
      {"HOUR", TruncUnit::kHour},
      {"DAY", TruncUnit::kDay},
      {"DD", TruncUnit::kDay},
      {"WEEK", TruncUnit::kWeek},
      {"MON", TruncUnit::kMonth},
      {"MONTH", TruncUnit::kMonth},
      {"MM", TruncUnit::kMonth},
      {"QUARTER", TruncUnit::kQuarter},
      {"YEAR", TruncUnit::kYear},
      {"YYYY", TruncUnit::kYear},
      {"YY", TruncUnit::kYear}};
  for (const auto& [name, value] : kNames) {
    if (upper == name) return value;
  }
  return std::nullopt;
}

// The first day of the week (Monday), month, quarter or year holding `days`.
int64_t TruncDays(int64_t days, TruncUnit unit) {
  if (unit == TruncUnit::kWeek) return days - FloorMod(days + 3, 7);  // day 0 was a Thursday
  const CivilDate d = CivilFromDays(days);
  switch (unit) {
    case TruncUnit::kMonth:
      return DaysFromCivil(d.year, d.month, 1);
    case TruncUnit::kQuarter:
      return DaysFromCivil(d.year, (d.month - 1) / 3 * 3 + 1, 1);
    case TruncUnit::kYear:
      return DaysFromCivil(d.year, 1, 1);
    default:
      SLUICE_CHECK(false, "TruncDays takes a unit of a day or longer");
      return days;
  }
}

std::optional<int64_t> FloorToMultiple(int64_t micros, int64_t unit_micros) {
  int64_t out = 0;
  if (__builtin_sub_overflow(micros, FloorMod(micros, unit_micros), &out)) return std::nullopt;
  return out;
}
}  // namespace

std::optional<int64_t> DateTrunc(std::string_view unit, int64_t micros) {
  const std::optional<TruncUnit> u = ParseTruncUnit(unit);
  if (!u.has_value()) return std::nullopt;
  switch (*u) {
    case TruncUnit::kMicrosecond:
      return micros;
    case TruncUnit::kMillisecond:
      return FloorToMultiple(micros, kMicrosPerMilli);
    case TruncUnit::kSecond:
      return FloorToMultiple(micros, kMicrosPerSecond);
    case TruncUnit::kMinute:
      return FloorToMultiple(micros, kMicrosPerMinute);
    case TruncUnit::kHour:
      return FloorToMultiple(micros, kMicrosPerHour);
    case TruncUnit::kDay:
      return FloorToMultiple(micros, kMicrosPerDay);
    default:
      break;
  }
  const int64_t days = TruncDays(FloorDiv(micros, kMicrosPerDay), *u);
  const CivilDate d = CivilFromDays(days);
  return MicrosFromCivil(d.year, d.month, d.day, 0, 0, 0, 0);
}

std::optional<int32_t> TruncDate(int32_t days, std::string_view unit) {
  const std::optional<TruncUnit> u = ParseTruncUnit(unit);
  if (!u.has_value() || *u < TruncUnit::kWeek) return std::nullopt;
  const int64_t out = TruncDays(days, *u);
  if (out < std::numeric_limits<int32_t>::min()) return std::nullopt;
  return static_cast<int32_t>(out);
}

int32_t DateAdd(int32_t days, int32_t n) {
  return static_cast<int32_t>(static_cast<uint32_t>(days) + static_cast<uint32_t>(n));
}

int32_t DateDiff(int32_t end_days, int32_t start_days) {
  return static_cast<int32_t>(static_cast<uint32_t>(end_days) - static_cast<uint32_t>(start_days));
}

int64_t UnixSecondsFromMicros(int64_t micros) { return micros / kMicrosPerSecond; }

int64_t MicrosFromUnixSeconds(int64_t seconds) {
  return static_cast<int64_t>(static_cast<uint64_t>(seconds) * kMicrosPerSecond);
}

}  // namespace sluice::engine
