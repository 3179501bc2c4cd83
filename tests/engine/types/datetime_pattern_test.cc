#include "engine/types/datetime_pattern.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "engine/types/datetime.h"

namespace sluice::engine {
namespace {

constexpr int64_t kSecond = kMicrosPerSecond;

DateTimePattern Formatter(std::string_view pattern) {
  Result<DateTimePattern> p = DateTimePattern::Compile(pattern, PatternUse::kFormat);
  EXPECT_TRUE(p.ok()) << pattern << ": " << p.status().ToString();
  return p.ok() ? std::move(p).value() : DateTimePattern::Compile("", PatternUse::kFormat).value();
}

DateTimePattern Parser(std::string_view pattern) {
  Result<DateTimePattern> p = DateTimePattern::Compile(pattern, PatternUse::kParse);
  EXPECT_TRUE(p.ok()) << pattern << ": " << p.status().ToString();
  return p.ok() ? std::move(p).value() : DateTimePattern::Compile("", PatternUse::kParse).value();
}

int64_t Ts(std::string_view text) {
  const std::optional<int64_t> v = StringToTimestamp(text);
  EXPECT_TRUE(v.has_value()) << text;
  return v.value_or(0);
}

// functions-078: from_unixtime(seconds[, fmt]).
TEST(PatternFormat, FromUnixtimeAcceptanceCases) {
  const DateTimePattern def = Formatter(DateTimePattern::kDefault);
  const DateTimePattern millis = Formatter("yyyy-MM-dd HH:mm:ss.SSS");
  const DateTimePattern dashes = Formatter("yy-MM-dd HH-mm-ss");
  EXPECT_EQ(def.Format(MicrosFromUnixSeconds(1000)), "1970-01-01 00:16:40");
  EXPECT_EQ(millis.Format(MicrosFromUnixSeconds(1000)), "1970-01-01 00:16:40.000");
  EXPECT_EQ(dashes.Format(MicrosFromUnixSeconds(1000)), "70-01-01 00-16-40");
  EXPECT_EQ(def.Format(MicrosFromUnixSeconds(-1000)), "1969-12-31 23:43:20");
  EXPECT_EQ(millis.Format(MicrosFromUnixSeconds(-1000)), "1969-12-31 23:43:20.000");
  EXPECT_EQ(dashes.Format(MicrosFromUnixSeconds(-1000)), "69-12-31 23-43-20");
}

// functions-064: date_format(e, "y") of a date, a string cast to a timestamp and a timestamp.
TEST(PatternFormat, DateFormatAcceptanceCases) {
  const DateTimePattern y = Formatter("y");
  EXPECT_EQ(y.Format(MicrosFromDays(StringToDate("2015-04-08").value()).value()), "2015");
  EXPECT_EQ(y.Format(Ts("2015-04-08 13:10:15")), "2015");
  EXPECT_EQ(y.Format(Ts("2013-04-08 13:10:15")), "2013");
}

TEST(PatternFormat, EveryLetter) {
  const int64_t t = Ts("2015-07-04 13:05:09.123456");  // a Saturday, day 185
  const std::pair<const char*, const char*> cases[] = {
      {"y yy yyy yyyy yyyyy", "2015 15 2015 2015 02015"},
      {"M MM MMM MMMM L LLL", "7 07 Jul July 7 Jul"},
      {"d dd D DD DDD", "4 04 185 185 185"},
      {"Q QQ QQQ QQQQ q", "3 03 Q3 3rd quarter 3"},
      {"E EEE EEEE", "Sat Sat Saturday"},
      {"H HH k kk K KK h hh a", "13 13 13 13 1 01 1 01 PM"},
      {"m mm s ss", "5 05 9 09"},
      {"S SS SSS SSSSSS SSSSSSSSS", "1 12 123 123456 123456000"},
      {"X XX XXX XXXX XXXXX", "Z Z Z Z Z"},
      {"x xx xxx xxxx xxxxx", "+00 +0000 +00:00 +0000 +00:00"},
      {"Z ZZZ ZZZZ ZZZZZ", "+0000 +0000 GMT Z"},
      {"VV z zzzz", "UTC UTC Coordinated Universal Time"},
      {"yyyy-MM-dd'T'HH:mm:ss", "2015-07-04T13:05:09"},
      {"'o''clock' '' h[ a]", "o'clock ' 1 PM"},
      {"dd/MM/yyyy, HH.mm", "04/07/2015, 13.05"},
  };
  for (const auto& [pattern, expected] : cases) {
    EXPECT_EQ(Formatter(pattern).Format(t), expected) << pattern;
  }
  const int64_t midnight = Ts("2015-07-04");
  EXPECT_EQ(Formatter("H k K h a").Format(midnight), "0 24 0 12 AM");
  EXPECT_EQ(Formatter("yyyy").Format(Ts("+12345-01-01")), "+12345");
  EXPECT_EQ(Formatter("yyyy y yy").Format(Ts("-0044-03-15")), "-0044 -44 44");
}

// functions-071: to_timestamp(s, "yyyy/MM/dd HH:mm:ss.S"); functions-076: unix_timestamp with a
// pattern and with the default one.
TEST(PatternParse, ToTimestampAndUnixTimestampAcceptanceCases) {
  const DateTimePattern p = Parser("yyyy/MM/dd HH:mm:ss.S");
  EXPECT_EQ(FormatTimestamp(p.ParseTimestamp("2015/07/24 10:00:00.5").value()),
            "2015-07-24 10:00:00.5");
  EXPECT_EQ(FormatTimestamp(p.ParseTimestamp("2015/07/25 02:02:02.6").value()),
            "2015-07-25 02:02:02.6");
  EXPECT_EQ(UnixSecondsFromMicros(p.ParseTimestamp("2015/07/24 10:00:00.5").value()), 1437732000);
  EXPECT_EQ(UnixSecondsFromMicros(p.ParseTimestamp("2015/07/25 02:02:02.6").value()), 1437789722);
  const DateTimePattern def = Parser(DateTimePattern::kDefault);
  EXPECT_EQ(def.ParseTimestamp("2015-07-24 10:00:00"), 1437732000 * kSecond);
  EXPECT_EQ(def.ParseTimestamp("2015-07-25 02:02:02"), 1437789722 * kSecond);
  EXPECT_EQ(p.ParseTimestamp("2015-07-24 10:00:00"), std::nullopt);
}

// functions-068: to_date(s, "yyyy-dd-MM") is the day of the parsed timestamp; functions-032:
// from_csv's default dateFormat "yyyy-MM-dd".
TEST(PatternParse, ToDateAcceptanceCases) {
  const DateTimePattern p = Parser("yyyy-dd-MM");
  EXPECT_EQ(p.ParseTimestamp("2015-07-22 10:00:00"), std::nullopt);
  EXPECT_EQ(p.ParseTimestamp("2014-12-31"), std::nullopt);
  const std::optional<int64_t> t = p.ParseTimestamp("2014-31-12");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatDate(DaysFromMicros(*t)), "2014-12-31");
  const DateTimePattern csv = Parser("yyyy-MM-dd");
  EXPECT_EQ(csv.ParseDate("2013-111-11 12:13:14"), std::nullopt);
  EXPECT_EQ(FormatDate(csv.ParseDate("1983-08-04").value()), "1983-08-04");
}

TEST(PatternParse, FieldsAndDefaults) {
  const int64_t day = Ts("2015-07-04");
  EXPECT_EQ(Parser("yyyy").ParseTimestamp("2015"), Ts("2015-01-01"));
  EXPECT_EQ(Parser("MM-dd").ParseTimestamp("07-04"), Ts("1970-07-04"));
  EXPECT_EQ(Parser("HH:mm").ParseTimestamp("13:05"), Ts("1970-01-01 13:05"));
  EXPECT_EQ(Parser("yyyyMMddHHmmss").ParseTimestamp("20150704130509"), Ts("2015-07-04 13:05:09"));
  EXPECT_EQ(Parser("yyMMdd").ParseTimestamp("150704"), day);
  EXPECT_EQ(Parser("yyyyMMddHHmmssS").ParseTimestamp("201507040000001"), day + 100000);
  // java.time's quirk, which Spark keeps: a variable-width fraction ends the run of adjacent
  // numbers, so the year takes the digits meant for the fields after it.
  EXPECT_EQ(Parser("yyyyMMddHHmmssSSS").ParseTimestamp("20150704000000123"), std::nullopt);
  EXPECT_EQ(Parser("d MMM yyyy").ParseTimestamp("4 jul 2015"), day);
  EXPECT_EQ(Parser("d MMMM yyyy").ParseTimestamp("4 JULY 2015"), day);
  EXPECT_EQ(Parser("yyyy D").ParseTimestamp("2015 185"), day);
  EXPECT_EQ(Parser("yyyy-MM-dd D").ParseTimestamp("2015-07-04 185"), day);
  EXPECT_EQ(Parser("yyyy-MM-dd hh:mm a").ParseTimestamp("2015-07-04 01:05 pm"),
            day + 13 * kMicrosPerHour + 5 * kMicrosPerMinute);
  EXPECT_EQ(Parser("yyyy-MM-dd hh").ParseTimestamp("2015-07-04 12"), day);  // AM assumed
  EXPECT_EQ(Parser("yyyy-MM-dd a").ParseTimestamp("2015-07-04 PM"), day + 12 * kMicrosPerHour);
  EXPECT_EQ(Parser("yyyy-MM-dd kk").ParseTimestamp("2015-07-04 24"), day);
  EXPECT_EQ(Parser("yyyy-MM-dd HH:mm:ss.SSSSSS").ParseTimestamp("2015-07-04 00:00:00.000012"),
            day + 12);
  EXPECT_EQ(Parser("yyyy-MM-dd HH:mm:ss.SSS").ParseTimestamp("2015-07-04 00:00:00.12"),
            day + 120000);
  EXPECT_EQ(Parser("yyyy-MM-dd'T'HH:mm:ss").ParseTimestamp("2015-07-04t00:00:00"), day);
  EXPECT_EQ(Parser("yyyy-MM-dd[ HH:mm]").ParseTimestamp("2015-07-04"), day);
  EXPECT_EQ(Parser("yyyy-MM-dd[ HH:mm]").ParseTimestamp("2015-07-04 01:00"), day + kMicrosPerHour);
  EXPECT_EQ(Parser("yyyy").ParseTimestamp("+12345"), Ts("+12345-01-01"));
  EXPECT_EQ(Parser("yyyy").ParseTimestamp("-0044"), Ts("-0044-01-01"));
}

TEST(PatternParse, ZonesShiftTheInstant) {
  const int64_t utc = Ts("2015-07-04 10:00:00");
  const std::pair<const char*, const char*> cases[] = {
      {"yyyy-MM-dd HH:mm:ssXXX", "2015-07-04 10:00:00Z"},
      {"yyyy-MM-dd HH:mm:ssXXX", "2015-07-04 12:00:00+02:00"},
      {"yyyy-MM-dd HH:mm:ssX", "2015-07-04 12:00:00+02"},
      {"yyyy-MM-dd HH:mm:ssX", "2015-07-04 12:30:00+0230"},
      {"yyyy-MM-dd HH:mm:ss Z", "2015-07-04 02:00:00 -0800"},
      {"yyyy-MM-dd HH:mm:ss xxx", "2015-07-04 10:00:00 +00:00"},
      {"yyyy-MM-dd HH:mm:ss ZZZZ", "2015-07-04 11:00:00 GMT+01:00"},
      {"yyyy-MM-dd HH:mm:ss VV", "2015-07-04 10:00:00 UTC"},
      {"yyyy-MM-dd HH:mm:ss VV", "2015-07-04 05:00:00 UTC-05:00"},
      {"yyyy-MM-dd HH:mm:ss z", "2015-07-04 10:00:00 Coordinated Universal Time"},
  };
  for (const auto& [pattern, text] : cases) {
    EXPECT_EQ(Parser(pattern).ParseTimestamp(text), utc) << pattern << " / " << text;
  }
  EXPECT_EQ(Parser("yyyy-MM-dd HH:mm:ss VV").ParseTimestamp("2015-07-04 10:00:00 Europe/Paris"),
            std::nullopt);
  // ParseDate ignores the zone; to_date's way (the timestamp's day) does not.
  const DateTimePattern p = Parser("yyyy-MM-dd HH:mmXXX");
  EXPECT_EQ(FormatDate(p.ParseDate("2015-07-04 23:00-02:00").value()), "2015-07-04");
  EXPECT_EQ(FormatDate(DaysFromMicros(p.ParseTimestamp("2015-07-04 23:00-02:00").value())),
            "2015-07-05");
}

// A zone reads as java.time's ZoneIdPrinterParser: after "UTC" ("VV" only), "UT" or "GMT", an
// offset is "+HH:MM[:ss]" or none, so what follows an offset too short stays for the next field.
TEST(PatternParse, AZoneTakesOnlyAStrictOffsetAfterItsPrefix) {
  const int64_t day = Ts("1970-01-31 00:00:00");  // the year and month default to 1970-01
  EXPECT_EQ(Parser("z[-]d").ParseTimestamp("UTC-31"), day);
  EXPECT_EQ(Parser("VV-dd").ParseTimestamp("UTC-31"), day);
  EXPECT_EQ(Parser("VV-dd").ParseTimestamp("GMT-31"), day);
  EXPECT_EQ(Parser("VV-dd").ParseTimestamp("UT-31"), day);
  EXPECT_EQ(Parser("VV-dd").ParseTimestamp("UTC-03:00-31"), day + 3 * kMicrosPerHour);
  EXPECT_EQ(Parser("z-dd").ParseTimestamp("GMT+01:30-31"), day - 90 * kMicrosPerMinute);
  // "z" looks "UTC" up by name, with no offset after it.
  EXPECT_EQ(Parser("z").ParseTimestamp("UTC-03:00"), std::nullopt);
  // An offset with no prefix must be "+HH:MM[:ss]".
  EXPECT_EQ(Parser("z").ParseTimestamp("+3"), std::nullopt);
  EXPECT_EQ(Parser("z").ParseTimestamp("+03"), std::nullopt);
  EXPECT_EQ(Parser("VV").ParseTimestamp("-03:00"), Ts("1970-01-01 03:00:00"));
  // Past +-18:00 is no offset.
  EXPECT_EQ(Parser("VV").ParseTimestamp("UTC+19:00"), std::nullopt);
}

// An offset pattern reads as many parts as java.time's: "XXX" (+HH:MM) hours and minutes,
// "XXXX" (+HHMMss) and "XXXXX" (+HH:MM:ss) seconds too, and never a fourth part (the fuzzer
// found one written past the parts' array).
TEST(PatternParse, AnOffsetReadsItsPatternsPartsAndNoMore) {
  const int64_t epoch = Ts("1970-01-01 00:00:00");
  const int64_t offset_us = (3600 + 30 * 60 + 15) * int64_t{1'000'000};
  EXPECT_EQ(Parser("XXXXX").ParseTimestamp("+01:30:15"), epoch - offset_us);
  EXPECT_EQ(Parser("XXXX").ParseTimestamp("+013015"), epoch - offset_us);
  EXPECT_EQ(Parser("XXXXX").ParseTimestamp("+01:30"), epoch - 90 * kMicrosPerMinute);
  EXPECT_EQ(Parser("XXX").ParseTimestamp("+01:30"), epoch - 90 * kMicrosPerMinute);
  EXPECT_EQ(Parser("XXX").ParseTimestamp("+01:30:15"), std::nullopt);  // no seconds in +HH:MM
  EXPECT_EQ(Parser("XX").ParseTimestamp("+013015"), std::nullopt);     // nor in +HHMM
  EXPECT_EQ(Parser("XXXXX").ParseTimestamp("+01:30:15:00"), std::nullopt);
  EXPECT_EQ(Parser("XXXXX").ParseTimestamp("+40:00:00:00"), std::nullopt);
}

TEST(PatternParse, StrictRejections) {
  const std::pair<const char*, const char*> cases[] = {
      {"yyyy-MM-dd", "2015-07-04 "},            // text left over
      {"yyyy-MM-dd", "2015-7-04"},              // MM wants two digits
      {"yyyy-MM-dd", "2015-13-01"},             // month out of range
      {"yyyy-MM-dd", "2015-02-29"},             // no such day
      {"yyyy-MM-dd", "12345-01-01"},            // a wide year needs its '+'
      {"yyyy-MM-dd", "+2015-01-01"},            // and only a wide year may have one
      {"y-M-d", "+2015-1-1"},                   // "y" takes no '+'
      {"yyyy-MM-dd", "-0000-01-01"},            // "-0"
      {"yyyy-MM-dd HH", "2015-07-04 24"},       // hour out of range
      {"yyyy-MM-dd HH a", "2015-07-04 13 AM"},  // hour and AM/PM disagree
      {"yyyy-MM-dd D", "2015-07-04 186"},       // day of year disagrees
      {"yyyy D", "2015 366"},                   // 2015 has 365 days
      {"yyyy-MM-dd HH:mm:ss.SSS", "2015-07-04 00:00:00.1234"},
      {"yyyy-MM-dd HH:mm:ss.SSS", "2015-07-04 00:00:00."},
      {"yyyy-MM-dd MM", "2015-07-04 08"},  // a field twice, with two values
      {"yyyy-MM-dd HH:mm:ssXXX", "2015-07-04 10:00:00+19:00"},
      {"yyyy-MM-dd HH:mm:ssXXX", "2015-07-04 10:00:00+0200"},
      {"MMM", "Sept"},
      {"yyyy", ""},
  };
  for (const auto& [pattern, text] : cases) {
    EXPECT_EQ(Parser(pattern).ParseTimestamp(text), std::nullopt) << pattern << " / " << text;
  }
}

// "h" or "K" without "a" must agree with an "H" or "k" in the same pattern: java.time cross-checks
// the hour of AM/PM against the resolved hour of day.
TEST(PatternParse, HourOfAmPmWithoutAmPmAgreesWithHourOfDay) {
  const std::pair<const char*, const char*> conflicts[] = {
      {"H h", "0 1"}, {"HHh", "001"}, {"K H", "1 0"}, {"k K", "13 2"}, {"H h", "13 2"},
  };
  for (const auto& [pattern, text] : conflicts) {
    EXPECT_EQ(Parser(pattern).ParseTimestamp(text), std::nullopt) << pattern << " / " << text;
  }
  EXPECT_EQ(Parser("H h").ParseTimestamp("13 1"), Ts("1970-01-01 13:00:00"));
  EXPECT_EQ(Parser("H h").ParseTimestamp("0 12"), Ts("1970-01-01 00:00:00"));
  EXPECT_EQ(Parser("K H").ParseTimestamp("1 1"), Ts("1970-01-01 01:00:00"));
  EXPECT_EQ(Parser("k K").ParseTimestamp("24 0"), Ts("1970-01-01 00:00:00"));
}

TEST(PatternCompile, ErrorsNameTheLetterAndPosition) {
  const std::tuple<const char*, PatternUse, const char*> cases[] = {
      {"yyyy-ww", PatternUse::kFormat, "'w' is week-based"},
      {"YYYY", PatternUse::kFormat, "'Y' is week-based"},
      {"uuuu", PatternUse::kFormat, "'u' is week-based"},
      {"yyyy-MM-dd b", PatternUse::kFormat, "'b' is unknown at position 11"},
      {"yyyy-MM-ddTHH", PatternUse::kFormat, "'T' is unknown at position 10"},
      {"EEE dd", PatternUse::kParse, "'E' is not supported for parsing"},
      {"MMMMM", PatternUse::kFormat, "'M' repeated 5 times at position 0"},
      {"yyyyyyy", PatternUse::kFormat, "'y' repeated 7 times"},
      {"ddd", PatternUse::kFormat, "'d' repeated too many times"},
      {"SSSSSSSSSS", PatternUse::kParse, "'S' repeated too many times"},
      {"HH aa", PatternUse::kFormat, "'a' repeated too many times at position 3"},
      {"V", PatternUse::kFormat, "'V' must appear exactly twice"},
      {"G yyyy", PatternUse::kFormat, "'G' is not supported by Sluice"},
      {"yyyy 'at", PatternUse::kFormat, "unclosed quote at position 5"},
      {"yyyy]", PatternUse::kFormat, "']' without a '['"},
      {"yyyy#", PatternUse::kFormat, "reserved character '#'"},
      {"n", PatternUse::kFormat, "'n' is not supported by Spark"},
  };
  for (const auto& [pattern, use, fragment] : cases) {
    const Result<DateTimePattern> p = DateTimePattern::Compile(pattern, use);
    ASSERT_FALSE(p.ok()) << pattern;
    EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(p.status().message().find(fragment), std::string::npos) << p.status().message();
    EXPECT_NE(p.status().message().find(pattern), std::string::npos) << p.status().message();
  }
  EXPECT_TRUE(DateTimePattern::Compile("EEE dd", PatternUse::kFormat).ok());
  EXPECT_TRUE(DateTimePattern::Compile("yyyy [HH[:mm]", PatternUse::kParse).ok());
}

// Patterns that hold every field of a timestamp give it back after formatting; each pattern is
// compiled once for formatting and once for parsing, as Spark builds two formatters.
RC_GTEST_PROP(PatternProperties, FormatThenParseGivesTheValueBack, ()) {
  const std::vector<std::string> patterns = {
      "yyyy-MM-dd HH:mm:ss.SSSSSS", "d MMMM yyyy, hh:mm:ss.SSSSSS a XXX", "yyyyMMddHHmmss'.'SSSSSS",
      "yyyy D kk m s SSSSSSSSS VV", "MMM d y K:mm:ss.SSSSSS a",
  };
  const std::string pattern = *rc::gen::elementOf(patterns);
  const int64_t micros =
      *rc::gen::inRange<int64_t>(Ts("-9999-01-01"), Ts("9999-12-31 23:59:59.999999"));
  const std::string text = Formatter(pattern).Format(micros);
  RC_ASSERT(Parser(pattern).ParseTimestamp(text) == std::optional<int64_t>(micros));
}

}  // namespace
}  // namespace sluice::engine
