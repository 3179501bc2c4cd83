#include "engine/types/duration.h"

#include <gtest/gtest.h>

#include "engine/query/trigger.h"

namespace sluice::engine {
namespace {

TEST(Duration, ParsesSparksIntervalStrings) {
  EXPECT_EQ(ParseDuration("10 seconds").value(), Seconds(10));
  EXPECT_EQ(ParseDuration("1 second").value(), Seconds(1));
  EXPECT_EQ(ParseDuration("1 minute 30 seconds").value(), Seconds(90));
  EXPECT_EQ(ParseDuration("500 milliseconds").value(), Millis(500));
  EXPECT_EQ(ParseDuration("2 hours").value(), Minutes(120));
  EXPECT_EQ(ParseDuration("1 day").value(), Hours(24));
  EXPECT_EQ(ParseDuration("1 month").value(), Days(31));  // as Spark counts a watermark delay
  EXPECT_EQ(ParseDuration("-1 second").value(), Seconds(-1));
  EXPECT_EQ(ParseDuration("  3   microseconds ").value(), Micros(3));
}

TEST(Duration, MalformedTextIsAnErrorThatQuotesIt) {
  for (const char* text : {"", "ten seconds", "10", "10 parsecs", "1.5 seconds"}) {
    const auto d = ParseDuration(text);
    ASSERT_FALSE(d.ok()) << text;
    EXPECT_NE(d.status().message().find("duration '" + std::string(text) + "'"), std::string::npos)
        << d.status().message();
  }
  EXPECT_NE(ParseDuration("10 parsecs").status().message().find("unknown unit 'parsec'"),
            std::string::npos);
}

TEST(Duration, DescribesWithTheLargestExactUnit) {
  EXPECT_EQ(DescribeDuration(Seconds(10)), "10 seconds");
  EXPECT_EQ(DescribeDuration(Millis(1500)), "1500 milliseconds");
  EXPECT_EQ(DescribeDuration(Minutes(1)), "1 minute");
  EXPECT_EQ(DescribeDuration(Duration(0)), "0 seconds");
}

TEST(Duration, ConversionsBetweenStoredUnits) {
  EXPECT_EQ(MillisFromMicros(1'999), 1);
  EXPECT_EQ(MillisFromMicros(-1'999), -1);  // toward zero, as integer division
  EXPECT_EQ(MicrosFromMillis(7), 7'000);
  EXPECT_EQ(MillisOf(Seconds(2)), 2'000);
  EXPECT_DOUBLE_EQ(SecondsFromMillis(1'500), 1.5);
}

TEST(Duration, ProcessingTimeTriggerTakesADurationOrSparksString) {
  EXPECT_EQ(Trigger::ProcessingTime(Seconds(1)).interval_ms(), 1'000);
  EXPECT_EQ(Trigger::ProcessingTime("1 minute").value().interval_ms(), 60'000);
  EXPECT_FALSE(Trigger::ProcessingTime("soon").ok());
  EXPECT_EQ(Trigger::ProcessingTime(Seconds(1)).Describe(), "ProcessingTime(1 second)");
}

}  // namespace
}  // namespace sluice::engine
