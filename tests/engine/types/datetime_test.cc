#include "engine/types/datetime.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <limits>

namespace sluice::engine {
namespace {

constexpr int64_t kSecond = kMicrosPerSecond;

// A timestamp string that must cast; the test fails (not crashes) when it does not.
int64_t Ts(std::string_view text) {
  const std::optional<int64_t> v = StringToTimestamp(text);
  EXPECT_TRUE(v.has_value()) << text;
  return v.value_or(0);
}

int32_t Date(std::string_view text) {
  const std::optional<int32_t> v = StringToDate(text);
  EXPECT_TRUE(v.has_value()) << text;
  return v.value_or(0);
}

TEST(Civil, KnownDays) {
  EXPECT_EQ(CivilFromDays(0), (CivilDate{1970, 1, 1}));
  EXPECT_EQ(CivilFromDays(-1), (CivilDate{1969, 12, 31}));
  EXPECT_EQ(CivilFromDays(16533), (CivilDate{2015, 4, 8}));
  EXPECT_EQ(CivilFromDays(11016), (CivilDate{2000, 2, 29}));
  EXPECT_EQ(DaysFromCivil(2015, 7, 24), 16640);
  EXPECT_EQ(DaysFromCivil(0, 1, 1), -719528);
  EXPECT_EQ(CivilFromDays(-719529), (CivilDate{-1, 12, 31}));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(-4));
  EXPECT_EQ(DaysInMonth(2015, 2), 28);
  EXPECT_FALSE(IsValidCivil(2015, 2, 29));
  EXPECT_FALSE(IsValidCivil(2015, 13, 1));
}

TEST(Civil, FieldsFloorBeforeTheEpoch) {
  const TimestampFields f = FieldsFromMicros(-1);
  EXPECT_EQ(f.year, 1969);
  EXPECT_EQ(f.month, 12);
  EXPECT_EQ(f.day, 31);
  EXPECT_EQ(f.hour, 23);
  EXPECT_EQ(f.minute, 59);
  EXPECT_EQ(f.second, 59);
  EXPECT_EQ(f.microsecond, 999999);
  EXPECT_EQ(f.day_of_week, 3);  // a Wednesday
  EXPECT_EQ(f.day_of_year, 365);
  EXPECT_EQ(DaysFromMicros(-1), -1);
  EXPECT_EQ(FloorDiv(-7, 2), -4);
  EXPECT_EQ(FloorMod(-7, 2), 1);
}

// functions-061, functions-062: year, month, dayofmonth, hour, minute, second of a date, a
// string and a timestamp.
TEST(Civil, ExtractionAcceptanceCases) {
  const CivilDate d = CivilFromDays(Date("2015-04-08"));
  EXPECT_EQ(d, (CivilDate{2015, 4, 8}));
  const TimestampFields t = FieldsFromMicros(Ts("2013-04-08 13:10:15"));
  EXPECT_EQ(t.year, 2013);
  EXPECT_EQ(t.month, 4);
  EXPECT_EQ(t.day, 8);
  EXPECT_EQ(t.hour, 13);
  EXPECT_EQ(t.minute, 10);
  EXPECT_EQ(t.second, 15);
  EXPECT_EQ(t.day_of_week, 1);  // a Monday
  EXPECT_EQ(t.day_of_year, 98);
  const TimestampFields midnight = FieldsFromMicros(MicrosFromDays(Date("2015-04-08")).value());
  EXPECT_EQ(midnight.hour + midnight.minute + midnight.second, 0);
  EXPECT_EQ(FieldsFromMicros(Ts("2015-04-08 13:10:15")).hour, 13);
}

TEST(Format, DatesAndTimestamps) {
  EXPECT_EQ(FormatDate(0), "1970-01-01");
  EXPECT_EQ(FormatDate(16640), "2015-07-24");
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(1437732000 * kSecond), "2015-07-24 10:00:00");
  EXPECT_EQ(FormatTimestamp(1437732000 * kSecond + 500000), "2015-07-24 10:00:00.5");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(FormatTimestamp(Ts("1970-01-01 00:00:00.123456")), "1970-01-01 00:00:00.123456");
  // functions-079: window_time is the window's end minus 1 µs.
  EXPECT_EQ(FormatTimestamp(Ts("2016-03-27 19:38:20") - 1), "2016-03-27 19:38:19.999999");
  // java.time's ISO years: a sign below zero, '+' past 9999.
  EXPECT_EQ(FormatDate(static_cast<int32_t>(DaysFromCivil(-44, 3, 15))), "-0044-03-15");
  EXPECT_EQ(FormatDate(static_cast<int32_t>(DaysFromCivil(12345, 1, 2))), "+12345-01-02");
  EXPECT_EQ(FormatTimestamp(std::numeric_limits<int64_t>::min()), "-290308-12-21 19:59:05.224192");
  EXPECT_EQ(FormatTimestamp(std::numeric_limits<int64_t>::max()), "+294247-01-10 04:00:54.775807");
}

// functions-137, functions-068, functions-061, functions-032: casts of strings to dates.
TEST(StringToDate, AcceptanceCases) {
  EXPECT_EQ(FormatDate(Date("2022-01-01")), "2022-01-01");
  EXPECT_EQ(StringToDate("a"), std::nullopt);
  EXPECT_EQ(FormatDate(Date("2015-07-22 10:00:00")), "2015-07-22");
  EXPECT_EQ(FormatDate(Date("2014-12-31")), "2014-12-31");
  EXPECT_EQ(StringToDate("2014-31-12"), std::nullopt);
  EXPECT_EQ(Date("2015-04-08"), 16533);
  EXPECT_EQ(StringToDate("2013-111-11 12:13:14"), std::nullopt);
  EXPECT_EQ(FormatDate(Date("1983-08-04")), "1983-08-04");
}

TEST(StringToDate, SparksForms) {
  EXPECT_EQ(FormatDate(Date("2015")), "2015-01-01");
  EXPECT_EQ(FormatDate(Date("2015-7")), "2015-07-01");
  EXPECT_EQ(FormatDate(Date("2015-7-4")), "2015-07-04");
  EXPECT_EQ(FormatDate(Date(" \t2015-07-04 \n")), "2015-07-04");
  EXPECT_EQ(FormatDate(Date("2015-07-04Tanything")), "2015-07-04");
  EXPECT_EQ(FormatDate(Date("-0044-03-15")), "-0044-03-15");
  EXPECT_EQ(FormatDate(Date("+2015-07-04")), "2015-07-04");
  EXPECT_EQ(FormatDate(Date("1000000-01-01")), "+1000000-01-01");
  for (const char* bad : {"", "  ", "201-01-01", "2015-", "2015-01-", "2015 01", "2015-01 x",
                          "2015-01-01x", "2015-001-01", "2015-01-011", "2015-02-29", "2015-00-01",
                          "2015/01/01", "9999999-01-01", "12345678", "2015-01-01-"}) {
    EXPECT_EQ(StringToDate(bad), std::nullopt) << bad;
  }
}

// functions-137, 062, 067, 071, 073: casts of strings to timestamps.
TEST(StringToTimestamp, AcceptanceCases) {
  EXPECT_EQ(FormatTimestamp(Ts("2022-01-01 00:00:00")), "2022-01-01 00:00:00");
  EXPECT_EQ(StringToTimestamp("a"), std::nullopt);
  EXPECT_EQ(Ts("2015-07-24 10:00:00"), 1437732000 * kSecond);
  EXPECT_EQ(Ts("2015-07-25 02:02:02"), 1437789722 * kSecond);
  EXPECT_EQ(Ts("2015-07-22 10:01:40.123456") % kSecond, 123456);
}

TEST(StringToTimestamp, SparksForms) {
  const int64_t day = Ts("2015-07-24");
  EXPECT_EQ(day, 16640 * kMicrosPerDay);
  EXPECT_EQ(Ts("2015"), Ts("2015-01-01 00:00:00"));
  EXPECT_EQ(Ts("2015-7"), Ts("2015-07-01"));
  EXPECT_EQ(Ts("2015-07-24T10"), day + 10 * kMicrosPerHour);
  EXPECT_EQ(Ts("2015-07-24 10:5"), day + 10 * kMicrosPerHour + 5 * kMicrosPerMinute);
  EXPECT_EQ(Ts("  2015-7-24 1:2:3  "), day + 3723 * kSecond);
  EXPECT_EQ(Ts("2015-07-24 10:00:00."), day + 10 * kMicrosPerHour);
  EXPECT_EQ(Ts("2015-07-24 10:00:00.1"), day + 10 * kMicrosPerHour + 100000);
  // Digits past the sixth are dropped, not rounded.
  EXPECT_EQ(Ts("2015-07-24 10:00:00.1234569"), day + 10 * kMicrosPerHour + 123456);
  EXPECT_EQ(Ts("-0001-01-01"), DaysFromCivil(-1, 1, 1) * kMicrosPerDay);
  EXPECT_EQ(Ts("+10000-01-01"), DaysFromCivil(10000, 1, 1) * kMicrosPerDay);
  for (const char* bad :
       {"", "2015-07-24T", "2015-07-24 10:", "2015-07-24 10Z", "2015-07-24 10:00Z",
        "2015-07-24 24:00:00", "2015-07-24 10:60:00", "2015-07-24 10:00:60", "2015-02-29",
        "2015-07-24 10:00:00..5", "2015-07-24 10:00:00 x", "2015-07-24 10:00:00 utc",
        "1234567-01-01", "2015 10:00:00", "2015-07-24X10:00:00", "300000-01-01"}) {
    EXPECT_EQ(StringToTimestamp(bad), std::nullopt) << bad;
  }
}

TEST(StringToTimestamp, ZonesShiftTheInstant) {
  const int64_t utc = Ts("2015-07-24 10:00:00");
  EXPECT_EQ(Ts("2015-07-24 10:00:00Z"), utc);
  EXPECT_EQ(Ts("2015-07-24T10:00:00 UTC"), utc);
  EXPECT_EQ(Ts("2015-07-24 10:00:00 GMT"), utc);
  EXPECT_EQ(Ts("2015-07-24 12:00:00+02:00"), utc);
  EXPECT_EQ(Ts("2015-07-24 02:00:00-0800"), utc);
  EXPECT_EQ(Ts("2015-07-24 11:00:00.000GMT+1"), utc);
  EXPECT_EQ(Ts("2015-07-24 11:00:00+1:00"), utc);  // Spark widens "+1:00"
  EXPECT_EQ(Ts("2015-07-24 05:00:00 EST"), utc);
  // Region ids need the tz database (see the header): null here.
  EXPECT_EQ(StringToTimestamp("2015-07-24 03:00:00 America/Los_Angeles"), std::nullopt);
}

TEST(StringToTimestamp, TimeWithoutDateIsNull) {
  EXPECT_EQ(StringToTimestamp("10:00:00"), std::nullopt);
  EXPECT_EQ(StringToTimestamp("T10:00:00"), std::nullopt);
}

TEST(ParseZoneOffset, JavaZoneIds) {
  EXPECT_EQ(ParseZoneOffset("Z"), 0);
  EXPECT_EQ(ParseZoneOffset("+1"), 3600);
  EXPECT_EQ(ParseZoneOffset("-08"), -8 * 3600);
  EXPECT_EQ(ParseZoneOffset("+05:30"), 5 * 3600 + 1800);
  EXPECT_EQ(ParseZoneOffset("+0530"), 5 * 3600 + 1800);
  EXPECT_EQ(ParseZoneOffset("-01:02:03"), -3723);
  EXPECT_EQ(ParseZoneOffset("+010203"), 3723);
  EXPECT_EQ(ParseZoneOffset("+18:00"), 18 * 3600);
  EXPECT_EQ(ParseZoneOffset("+1:30"), 5400);  // Spark's "+h:mm"
  EXPECT_EQ(ParseZoneOffset("+01:3"), 3780);  // Spark's "+hh:m"
  EXPECT_EQ(ParseZoneOffset("UTC"), 0);
  EXPECT_EQ(ParseZoneOffset("UT-7"), -7 * 3600);
  EXPECT_EQ(ParseZoneOffset("UTC+01:00"), 3600);
  EXPECT_EQ(ParseZoneOffset("GMT-0800"), -8 * 3600);
  EXPECT_EQ(ParseZoneOffset("Etc/GMT+5"), -5 * 3600);
  EXPECT_EQ(ParseZoneOffset("Etc/UTC"), 0);
  EXPECT_EQ(ParseZoneOffset("GMT0"), 0);
  EXPECT_EQ(ParseZoneOffset("HST"), -10 * 3600);
  for (const char* bad : {"", "z", "utc", "+19:00", "+18:01", "+1:60", "+123", "UTC+", "GMTx",
                          "PST", "Europe/Paris", "Etc/GMT+13", "+01:00 "}) {
    EXPECT_EQ(ParseZoneOffset(bad), std::nullopt) << bad;
  }
}

// functions-073: date_trunc(unit, ts).
TEST(DateTrunc, AcceptanceCases) {
  const int64_t a = Ts("2015-07-22 10:01:40.123456");
  const int64_t b = Ts("2014-12-31 05:29:06.123456");
  EXPECT_EQ(FormatTimestamp(DateTrunc("YY", a).value()), "2015-01-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(DateTrunc("MONTH", a).value()), "2015-07-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(DateTrunc("DAY", a).value()), "2015-07-22 00:00:00");
  EXPECT_EQ(FormatTimestamp(DateTrunc("HOUR", a).value()), "2015-07-22 10:00:00");
  EXPECT_EQ(FormatTimestamp(DateTrunc("YY", b).value()), "2014-01-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(DateTrunc("MONTH", b).value()), "2014-12-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(DateTrunc("DAY", b).value()), "2014-12-31 00:00:00");
  EXPECT_EQ(FormatTimestamp(DateTrunc("HOUR", b).value()), "2014-12-31 05:00:00");
}

TEST(DateTrunc, EveryUnit) {
  const int64_t a = Ts("2015-08-22 10:01:40.123456");  // a Saturday
  const std::pair<const char*, const char*> cases[] = {
      {"year", "2015-01-01 00:00:00"},
      {"YYYY", "2015-01-01 00:00:00"},
      {"quarter", "2015-07-01 00:00:00"},
      {"Mon", "2015-08-01 00:00:00"},
      {"mm", "2015-08-01 00:00:00"},
      {"week", "2015-08-17 00:00:00"},
      {"dd", "2015-08-22 00:00:00"},
      {"minute", "2015-08-22 10:01:00"},
      {"second", "2015-08-22 10:01:40"},
      {"millisecond", "2015-08-22 10:01:40.123"},
      {"MICROSECOND", "2015-08-22 10:01:40.123456"}};
  for (const auto& [unit, expected] : cases) {
    EXPECT_EQ(FormatTimestamp(DateTrunc(unit, a).value()), expected) << unit;
  }
  EXPECT_EQ(FormatTimestamp(DateTrunc("SECOND", -1).value()), "1969-12-31 23:59:59");
  EXPECT_EQ(DateTrunc("decade", a), std::nullopt);
  EXPECT_EQ(DateTrunc("", a), std::nullopt);
  EXPECT_EQ(DateTrunc("day", std::numeric_limits<int64_t>::min()), std::nullopt);
}

TEST(TruncDate, DateUnitsOnly) {
  const int32_t d = Date("2015-08-22");
  EXPECT_EQ(FormatDate(TruncDate(d, "YEAR").value()), "2015-01-01");
  EXPECT_EQ(FormatDate(TruncDate(d, "quarter").value()), "2015-07-01");
  EXPECT_EQ(FormatDate(TruncDate(d, "MM").value()), "2015-08-01");
  EXPECT_EQ(FormatDate(TruncDate(d, "week").value()), "2015-08-17");
  EXPECT_EQ(FormatDate(TruncDate(Date("2015-08-17"), "week").value()), "2015-08-17");
  EXPECT_EQ(TruncDate(d, "DAY"), std::nullopt);
  EXPECT_EQ(TruncDate(d, "hour"), std::nullopt);
}

// functions-065, functions-067: date_add and datediff, timestamps first cast to dates.
TEST(DateArithmetic, AcceptanceCases) {
  EXPECT_EQ(FormatDate(DateAdd(Date("2015-06-01"), 1)), "2015-06-02");
  EXPECT_EQ(FormatDate(DateAdd(DaysFromMicros(Ts("2015-06-01 12:34:56")), 3)), "2015-06-04");
  EXPECT_EQ(FormatDate(DateAdd(Date("2015-06-02"), 1)), "2015-06-03");
  EXPECT_EQ(FormatDate(DateAdd(DaysFromMicros(Ts("2015-06-02 12:34:56")), 3)), "2015-06-05");
  const int32_t a = Date("2015-07-24");
  EXPECT_EQ(DateDiff(a, DaysFromMicros(Ts("2015-07-24 01:00:00"))), 0);
  EXPECT_EQ(DateDiff(a, Date("2015-07-23")), 1);
  EXPECT_EQ(DateDiff(Date("2015-07-23 03:00:00"), DaysFromMicros(Ts("2015-07-24 01:00:00"))), -1);
  EXPECT_EQ(DateDiff(a, Date("2015-07-23 03:00:00")), 1);
  EXPECT_EQ(DateAdd(std::numeric_limits<int32_t>::max(), 1), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(FormatDate(DateAdd(Date("2016-02-28"), 1)), "2016-02-29");
}

// functions-076: unix_timestamp of a timestamp and a date; functions-078: from_unixtime's input.
TEST(UnixSeconds, AcceptanceCases) {
  EXPECT_EQ(UnixSecondsFromMicros(Ts("2015-07-24 10:00:00.3")), 1437732000);
  EXPECT_EQ(UnixSecondsFromMicros(Ts("2015-07-25 02:02:02.2")), 1437789722);
  EXPECT_EQ(UnixSecondsFromMicros(MicrosFromDays(Date("2015-07-24")).value()), 1437696000);
  EXPECT_EQ(UnixSecondsFromMicros(MicrosFromDays(Date("2015-07-25")).value()), 1437782400);
  EXPECT_EQ(UnixSecondsFromMicros(-1500000), -1);  // Spark divides, truncating
  EXPECT_EQ(FormatTimestamp(MicrosFromUnixSeconds(1000)), "1970-01-01 00:16:40");
  EXPECT_EQ(FormatTimestamp(MicrosFromUnixSeconds(-1000)), "1969-12-31 23:43:20");
  EXPECT_EQ(MicrosFromDays(std::numeric_limits<int32_t>::max()), std::nullopt);
}

RC_GTEST_PROP(DatetimeProperties, DaysCivilDaysRoundTrips, ()) {
  // Far past the int32 dates, both ways.
  const int64_t days = *rc::gen::inRange<int64_t>(-400'000'000'000, 400'000'000'000);
  const CivilDate d = CivilFromDays(days);
  RC_ASSERT(IsValidCivil(d.year, d.month, d.day));
  RC_ASSERT(DaysFromCivil(d.year, d.month, d.day) == days);
  const CivilDate next = CivilFromDays(days + 1);
  RC_ASSERT(next.day == 1 || (next.day == d.day + 1 && next.month == d.month));
}

RC_GTEST_PROP(DatetimeProperties, FormatTimestampThenCastGivesTheValueBack, ()) {
  const int64_t micros =
      *rc::gen::oneOf(rc::gen::arbitrary<int64_t>(),
                      rc::gen::inRange<int64_t>(-4'000'000'000'000'000, 4'000'000'000'000'000));
  const std::string text = FormatTimestamp(micros);
  RC_ASSERT(StringToTimestamp(text) == std::optional<int64_t>(micros));
  const int32_t day = DaysFromMicros(micros);
  RC_ASSERT(StringToDate(FormatDate(day)) == std::optional<int32_t>(day));
}

}  // namespace
}  // namespace sluice::engine
