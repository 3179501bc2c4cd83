#include "engine/types/number_text.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sluice::engine {
namespace {

TEST(NumberTextTest, DoublesAsJavaWritesThem) {
  EXPECT_EQ(DoubleToJavaString(5.23), "5.23");
  EXPECT_EQ(DoubleToJavaString(100), "100.0");
  EXPECT_EQ(DoubleToJavaString(1e7), "1.0E7");
  EXPECT_EQ(DoubleToJavaString(9999999.0), "9999999.0");
  EXPECT_EQ(DoubleToJavaString(0.001), "0.001");
  EXPECT_EQ(DoubleToJavaString(0.0001), "1.0E-4");
  EXPECT_EQ(DoubleToJavaString(-1.25e-7), "-1.25E-7");
  EXPECT_EQ(DoubleToJavaString(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(DoubleToJavaString(1.7976931348623157e308), "1.7976931348623157E308");
  EXPECT_EQ(DoubleToJavaString(0.0), "0.0");
  EXPECT_EQ(DoubleToJavaString(-0.0), "-0.0");
  EXPECT_EQ(DoubleToJavaString(HUGE_VAL), "Infinity");
}

TEST(NumberTextTest, FloatsUseTheirOwnShortestDigits) {
  EXPECT_EQ(FloatToJavaString(0.1f), "0.1");
  EXPECT_EQ(FloatToJavaString(1.5e10f), "1.5E10");
  EXPECT_EQ(FloatToJavaString(-2.0f), "-2.0");
  EXPECT_EQ(DoubleToJavaString(static_cast<double>(0.1f)), "0.10000000149011612");
}

}  // namespace
}  // namespace sluice::engine
