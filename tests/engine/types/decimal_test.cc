#include "engine/types/decimal.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sluice::engine {

// Readable failure messages: "decimal(38,17)".
void PrintTo(const DecimalSpec& spec, std::ostream* os) { *os << DecimalSpecName(spec); }

namespace {

// The unscaled value of a scenario-format literal; fails the test when it is not one.
Int128 D(const std::string& text, DecimalSpec spec) {
  std::optional<Int128> v = ParseDecimalLiteral(text, spec);
  EXPECT_TRUE(v.has_value()) << text << " is not a " << DecimalSpecName(spec);
  return v.value_or(0);
}

// The text of an optional result at `scale`, "null" for nullopt.
std::string Show(const std::optional<Int128>& v, int scale) {
  return v ? FormatDecimal(*v, scale) : "null";
}

std::string ParseShow(const std::string& text, DecimalSpec spec) {
  return Show(ParseDecimal(text, spec), spec.scale);
}

std::string Compute(DecimalOp op, const std::string& a, DecimalSpec as, const std::string& b,
                    DecimalSpec bs) {
  const DecimalSpec r = DecimalResultSpec(op, as, bs);
  return Show(DecimalCompute(op, D(a, as), as, D(b, bs), bs, r), r.scale);
}

const std::string k38Nines(38, '9');

TEST(DecimalSpecTest, ValidityAndName) {
  EXPECT_TRUE(IsValidDecimalSpec({38, 38}));
  EXPECT_TRUE(IsValidDecimalSpec({1, 0}));
  EXPECT_FALSE(IsValidDecimalSpec({39, 0}));
  EXPECT_FALSE(IsValidDecimalSpec({0, 0}));
  EXPECT_FALSE(IsValidDecimalSpec({5, 6}));
  EXPECT_FALSE(IsValidDecimalSpec({5, -1}));
  EXPECT_EQ(DecimalSpecName({10, 2}), "decimal(10,2)");
}

TEST(DecimalFormatTest, PlainNotationWithExactScale) {
  EXPECT_EQ(FormatDecimal(1230, 2), "12.30");
  EXPECT_EQ(FormatDecimal(-50, 2), "-0.50");
  EXPECT_EQ(FormatDecimal(12, 0), "12");
  EXPECT_EQ(FormatDecimal(0, 3), "0.000");
  EXPECT_EQ(FormatDecimal(1, 38), "0." + std::string(37, '0') + "1");  // never "1E-38"
  EXPECT_EQ(FormatDecimal(-(Pow10(38) - 1), 0), "-" + k38Nines);
  EXPECT_EQ(FormatDecimal(Pow10(38) - 1, 19), std::string(19, '9') + "." + std::string(19, '9'));
}

TEST(DecimalParseTest, SparkStringCast) {
  EXPECT_EQ(ParseShow("23.45", {4, 2}), "23.45");
  EXPECT_EQ(ParseShow("123.45", {4, 2}), "null");  // needs 5 digits
  EXPECT_EQ(ParseShow("xyz", {4, 2}), "null");
  EXPECT_EQ(ParseShow("1.0 ", {10, 0}), "1");
  EXPECT_EQ(ParseShow("\t\n -12.3 \r", {10, 2}), "-12.30");
  EXPECT_EQ(ParseShow("+7", {3, 1}), "7.0");
  EXPECT_EQ(ParseShow(".5", {2, 1}), "0.5");
  EXPECT_EQ(ParseShow("5.", {2, 1}), "5.0");
  EXPECT_EQ(ParseShow("1e3", {6, 2}), "1000.00");
  EXPECT_EQ(ParseShow("1.5E-2", {5, 3}), "0.015");
  EXPECT_EQ(ParseShow("2E+1", {5, 0}), "20");
  EXPECT_EQ(ParseShow("-0.0", {3, 1}), "0.0");
  EXPECT_EQ(ParseShow("000123.4500", {5, 2}), "123.45");
  EXPECT_EQ(ParseShow("1e-50", {10, 2}), "0.00");
}

TEST(DecimalParseTest, RejectsWhatJavaBigDecimalRejects) {
  for (const char* bad : {"", " ", ".", "-", "+", "1e", "1e+", "e5", "1 2", "--1", "1.2.3", "0x10",
                          "1,5", "1e2147483648", "1f", "NaN", "Infinity"}) {
    EXPECT_EQ(ParseDecimal(bad, {10, 2}), std::nullopt) << bad;
  }
}

TEST(DecimalParseTest, HalfUpAtTheScale) {
  EXPECT_EQ(ParseShow("0.125", {3, 2}), "0.13");
  EXPECT_EQ(ParseShow("-0.125", {3, 2}), "-0.13");
  EXPECT_EQ(ParseShow("0.1249999", {3, 2}), "0.12");
  EXPECT_EQ(ParseShow("2.5", {1, 0}), "3");
  EXPECT_EQ(ParseShow("0.05", {1, 1}), "0.1");
  EXPECT_EQ(ParseShow("0.0049", {2, 2}), "0.00");
  EXPECT_EQ(ParseShow("99.995", {4, 2}), "null");  // rounds to 100.00: five digits
  EXPECT_EQ(ParseShow("99.994", {4, 2}), "99.99");
}

TEST(DecimalParseTest, ThirtyEightDigitsAndSparkFastCheck) {
  EXPECT_EQ(ParseShow(k38Nines, {38, 0}), k38Nines);
  EXPECT_EQ(ParseShow("-" + k38Nines, {38, 0}), "-" + k38Nines);
  EXPECT_EQ(ParseShow(k38Nines + ".5", {38, 0}), "null");  // rounds to 10^38
  EXPECT_EQ(ParseShow("1" + k38Nines, {38, 0}), "null");
  EXPECT_EQ(ParseShow("0." + k38Nines + "9", {38, 38}), "null");  // rounds up to 1
  EXPECT_EQ(ParseShow("0." + k38Nines + "4", {38, 38}), "0." + k38Nines);
  // BigDecimal("0e39") has precision 1 and scale -39: Spark's fast check nulls it.
  EXPECT_EQ(ParseShow("0e39", {10, 0}), "null");
  EXPECT_EQ(ParseShow("0e37", {10, 0}), "0");
}

TEST(DecimalParseTest, LiteralFormIsStrict) {
  EXPECT_EQ(Show(ParseDecimalLiteral("12.30", {10, 2}), 2), "12.30");
  EXPECT_EQ(Show(ParseDecimalLiteral("-0.50", {10, 2}), 2), "-0.50");
  EXPECT_EQ(Show(ParseDecimalLiteral("12", {5, 0}), 0), "12");
  EXPECT_EQ(Show(ParseDecimalLiteral("0.50", {2, 2}), 2), "0.50");  // a lone 0 does not count
  for (const char* bad : {"12.3", "12.300", "12", "+12.30", " 12.30", "012.30", "1.23e1",
                          "123456789.00", ".50", "12.", "-"}) {
    EXPECT_EQ(ParseDecimalLiteral(bad, {10, 2}), std::nullopt) << bad;
  }
  EXPECT_EQ(ParseDecimalLiteral("12.0", {5, 0}), std::nullopt);
  EXPECT_EQ(ParseDecimalLiteral("1.50", {2, 2}), std::nullopt);
}

TEST(DecimalRescaleTest, ChangePrecisionHalfUpOrNull) {
  EXPECT_EQ(Show(RescaleDecimal(12345, 3, {5, 2}), 2), "12.35");
  EXPECT_EQ(Show(RescaleDecimal(-12345, 3, {5, 2}), 2), "-12.35");
  EXPECT_EQ(Show(RescaleDecimal(-12344, 3, {5, 2}), 2), "-12.34");
  EXPECT_EQ(Show(RescaleDecimal(123, 1, {5, 3}), 3), "12.300");
  EXPECT_EQ(Show(RescaleDecimal(123, 1, {4, 3}), 3), "null");
  EXPECT_EQ(Show(RescaleDecimal(0, 0, {38, 38}), 38), "0." + std::string(38, '0'));
  EXPECT_EQ(Show(RescaleDecimal(1, 0, {38, 38}), 38), "null");
  EXPECT_EQ(Show(RescaleDecimal(Pow10(38) - 1, 38, {1, 0}), 0), "1");
  EXPECT_EQ(Show(RescaleDecimal(Pow10(38) / 2, 38, {1, 0}), 0), "1");
  EXPECT_EQ(Show(RescaleDecimal(Pow10(38) / 2 - 1, 38, {1, 0}), 0), "0");
  EXPECT_EQ(Show(RescaleDecimal(-(Pow10(38) - 1), 0, {38, 0}), 0), "-" + k38Nines);
}

TEST(DecimalConvertTest, Int64) {
  EXPECT_EQ(Show(DecimalFromInt64(12, {5, 2}), 2), "12.00");
  EXPECT_EQ(Show(DecimalFromInt64(1000, {5, 2}), 2), "null");
  EXPECT_EQ(Show(DecimalFromInt64(INT64_MIN, kLongDecimalSpec), 0), "-9223372036854775808");
  EXPECT_EQ(Show(DecimalFromInt64(INT64_MIN, {19, 0}), 0), "-9223372036854775808");
  EXPECT_EQ(Show(DecimalFromInt64(INT64_MIN, {18, 0}), 0), "null");
  EXPECT_EQ(Show(DecimalFromInt64(INT64_MAX, {38, 19}), 19),
            "9223372036854775807." + std::string(19, '0'));
  EXPECT_EQ(Show(DecimalFromInt64(INT64_MAX, {38, 20}), 20), "null");
  EXPECT_EQ(DecimalToInt64(D("-4.56", {3, 2}), 2), -4);
  EXPECT_EQ(DecimalToInt64(D("4.99", {3, 2}), 2), 4);
  EXPECT_EQ(DecimalToInt64(D("-9223372036854775808", {19, 0}), 0), INT64_MIN);
  // Beyond the long range the low 64 bits are kept: 2^64 + 5 -> 5, 10^20 -> 10^20 mod 2^64.
  EXPECT_EQ(DecimalToInt64(D("18446744073709551621.7", {21, 1}), 1), 5);
  EXPECT_EQ(DecimalToInt64(Pow10(20), 0), 7766279631452241920);
  EXPECT_EQ(DecimalToInt64(-Pow10(20), 0), -7766279631452241920);
}

TEST(DecimalConvertTest, Double) {
  EXPECT_EQ(Show(DecimalFromDouble(0.1, {10, 2}), 2), "0.10");
  // Through the shortest text "1.005", not the binary value 1.00499999999999989...
  EXPECT_EQ(Show(DecimalFromDouble(1.005, {10, 2}), 2), "1.01");
  EXPECT_EQ(Show(DecimalFromDouble(-2.5, {1, 0}), 0), "-3");
  EXPECT_EQ(Show(DecimalFromDouble(1e-7, {10, 8}), 8), "0.00000010");
  EXPECT_EQ(Show(DecimalFromDouble(1e22, {23, 0}), 0), "1" + std::string(22, '0'));
  EXPECT_EQ(DecimalFromDouble(1e300, {38, 0}), std::nullopt);
  EXPECT_EQ(DecimalFromDouble(std::nan(""), {10, 2}), std::nullopt);
  EXPECT_EQ(DecimalFromDouble(std::numeric_limits<double>::infinity(), {10, 2}), std::nullopt);
  EXPECT_EQ(DecimalFromDouble(-std::numeric_limits<double>::infinity(), {10, 2}), std::nullopt);
  EXPECT_EQ(DecimalToDouble(D("0.10", {10, 2}), 2), 0.1);
  EXPECT_EQ(DecimalToDouble(D("-12.30", {10, 2}), 2), -12.3);
  EXPECT_EQ(DecimalToDouble(Pow10(38) - 1, 0), 1e38);
  EXPECT_EQ(DecimalToDouble(1, 38), 1e-38);
}

TEST(DecimalCompareTest, AcrossScales) {
  EXPECT_EQ(CompareDecimal(1230, 2, 123, 1), 0);
  EXPECT_EQ(CompareDecimal(1231, 2, 123, 1), 1);
  EXPECT_EQ(CompareDecimal(-1231, 2, -123, 1), -1);
  EXPECT_EQ(CompareDecimal(-1, 0, 1, 38), -1);
  EXPECT_EQ(CompareDecimal(Pow10(38) - 1, 0, Pow10(38) - 1, 38), 1);  // a scaled-up a would wrap
  EXPECT_EQ(CompareDecimal(-(Pow10(38) - 1), 0, 5, 38), -1);
  EXPECT_EQ(CompareDecimal(0, 0, 0, 38), 0);
  EXPECT_EQ(CompareDecimal(5, 38, 1, 0), -1);
}

TEST(DecimalResultSpecTest, SparkExamples) {
  using Op = DecimalOp;
  EXPECT_EQ(DecimalResultSpec(Op::kAdd, {38, 18}, {38, 18}), (DecimalSpec{38, 17}));
  EXPECT_EQ(DecimalResultSpec(Op::kSubtract, {38, 18}, {38, 18}), (DecimalSpec{38, 17}));
  EXPECT_EQ(DecimalResultSpec(Op::kAdd, {5, 2}, {3, 0}), (DecimalSpec{6, 2}));
  EXPECT_EQ(DecimalResultSpec(Op::kMultiply, {3, 1}, {2, 1}), (DecimalSpec{6, 2}));
  EXPECT_EQ(DecimalResultSpec(Op::kMultiply, {6, 4}, {2, 1}), (DecimalSpec{9, 5}));
  EXPECT_EQ(DecimalResultSpec(Op::kMultiply, {7, 5}, {3, 1}), (DecimalSpec{11, 6}));
  EXPECT_EQ(DecimalResultSpec(Op::kMultiply, {20, 18}, {19, 18}), (DecimalSpec{38, 34}));
  EXPECT_EQ(DecimalResultSpec(Op::kMultiply, {38, 18}, {38, 18}), (DecimalSpec{38, 6}));
  EXPECT_EQ(DecimalResultSpec(Op::kMultiply, {38, 2}, {38, 2}), (DecimalSpec{38, 4}));
  EXPECT_EQ(DecimalResultSpec(Op::kDivide, {38, 18}, {38, 18}), (DecimalSpec{38, 6}));
  EXPECT_EQ(DecimalResultSpec(Op::kDivide, {2, 1}, {1, 1}), (DecimalSpec{8, 6}));
  EXPECT_EQ(DecimalResultSpec(Op::kDivide, {10, 2}, {5, 0}), (DecimalSpec{16, 8}));
  EXPECT_EQ(DecimalResultSpec(Op::kRemainder, {2, 1}, {1, 1}), (DecimalSpec{1, 1}));
  EXPECT_EQ(DecimalResultSpec(Op::kRemainder, kIntDecimalSpec, {2, 1}), (DecimalSpec{2, 1}));
  EXPECT_EQ(DecimalResultSpec(Op::kPmod, {2, 1}, {1, 1}), (DecimalSpec{1, 1}));
  EXPECT_EQ(AdjustPrecisionScale(77, 36), (DecimalSpec{38, 6}));
  EXPECT_EQ(AdjustPrecisionScale(40, 3), (DecimalSpec{38, 3}));  // keeps min(s, 6) = 3
  EXPECT_EQ(AdjustPrecisionScale(38, 38), (DecimalSpec{38, 38}));
}

TEST(DecimalResultSpecTest, IntegerOperandsAndWidening) {
  EXPECT_EQ(kIntDecimalSpec, (DecimalSpec{10, 0}));
  EXPECT_EQ(kLongDecimalSpec, (DecimalSpec{20, 0}));
  EXPECT_EQ(DecimalSpecForIntegerLiteral(2), (DecimalSpec{1, 0}));
  EXPECT_EQ(DecimalSpecForIntegerLiteral(0), (DecimalSpec{1, 0}));
  EXPECT_EQ(DecimalSpecForIntegerLiteral(-123), (DecimalSpec{3, 0}));
  EXPECT_EQ(DecimalSpecForIntegerLiteral(INT64_MIN), (DecimalSpec{19, 0}));
  EXPECT_EQ(WiderDecimalSpec(kIntDecimalSpec, {2, 1}), (DecimalSpec{11, 1}));
  EXPECT_EQ(WiderDecimalSpec({30, 0}, {20, 18}), (DecimalSpec{38, 18}));
}

// Spark's golden results (decimalArithmeticOperations.sql.out, non-ANSI) for decimal(38,18).
TEST(DecimalComputeTest, SparkGoldenDecimal38x18) {
  const DecimalSpec t{38, 18};
  struct Row {
    const char *a, *b, *sum, *diff, *prod, *quot;
  };
  const Row rows[] = {
      {"100.000000000000000000", "999.000000000000000000", "1099.00000000000000000",
       "-899.00000000000000000", "99900.000000", "0.100100"},
      {"12345.123000000000000000", "12345.123000000000000000", "24690.24600000000000000",
       "0.00000000000000000", "152402061.885129", "1.000000"},
      {"0.123456789101100000", "1234.100000000000000000", "1234.22345678910110000",
       "-1233.97654321089890000", "152.358023", "0.000100"},
      {"123456789123456789.000000000000000000", "1.123456789123456789",
       "123456789123456790.12345678912345679", "123456789123456787.87654321087654321",
       "138698367904130467.515623", "109890109097814272.043109"},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(Compute(DecimalOp::kAdd, r.a, t, r.b, t), r.sum);
    EXPECT_EQ(Compute(DecimalOp::kSubtract, r.a, t, r.b, t), r.diff);
    EXPECT_EQ(Compute(DecimalOp::kMultiply, r.a, t, r.b, t), r.prod);
    EXPECT_EQ(Compute(DecimalOp::kDivide, r.a, t, r.b, t), r.quot);
  }
}

TEST(DecimalComputeTest, SparkGoldenProducts) {
  EXPECT_EQ(Compute(DecimalOp::kMultiply, "10.3", {3, 1}, "3.0", {2, 1}), "30.90");
  EXPECT_EQ(Compute(DecimalOp::kMultiply, "10.3000", {6, 4}, "3.0", {2, 1}), "30.90000");
  EXPECT_EQ(Compute(DecimalOp::kMultiply, "10.30000", {7, 5}, "30.0", {3, 1}), "309.000000");
  EXPECT_EQ(Compute(DecimalOp::kMultiply, "10.300000000000000000", {20, 18}, "3.000000000000000000",
                    {19, 18}),
            "30.9000000000000000000000000000000000");
}

TEST(DecimalComputeTest, WideIntermediatesAreExact) {
  const DecimalSpec t{38, 20};
  const std::string a = "123456789012345.67890123456789012345";
  const std::string b = "-9876543.21098765432109876543";
  // The exact product has 61 digits (beyond 128 bits); the result is decimal(38,6).
  EXPECT_EQ(Compute(DecimalOp::kMultiply, a, t, b, t), "-1219326311370217952261.850327");
  EXPECT_EQ(Compute(DecimalOp::kDivide, a, t, b, t), "-12499999.886094");
  EXPECT_EQ(Compute(DecimalOp::kDivide, b, t, a, t), "0.000000");  // not "-0"
  // 10^37 * 10^37 does not fit decimal(38,0): null, not a wrapped 128-bit value.
  const std::string e37 = "1" + std::string(37, '0');
  EXPECT_EQ(Compute(DecimalOp::kMultiply, e37, {38, 0}, e37, {38, 0}), "null");
  EXPECT_EQ(Compute(DecimalOp::kMultiply, e37, {38, 0}, "-" + e37, {38, 0}), "null");
  // A remainder whose integer quotient has 76 digits.
  EXPECT_EQ(
      Compute(DecimalOp::kRemainder, e37, {38, 0}, "0." + std::string(37, '0') + "3", {38, 38}),
      "0." + std::string(37, '0') + "1");
}

TEST(DecimalComputeTest, OverflowAndDivisionByZeroAreNull) {
  EXPECT_EQ(Compute(DecimalOp::kAdd, k38Nines, {38, 0}, "1", {1, 0}), "null");
  EXPECT_EQ(Compute(DecimalOp::kSubtract, "-" + k38Nines, {38, 0}, "1", {1, 0}), "null");
  EXPECT_EQ(Compute(DecimalOp::kAdd, k38Nines, {38, 0}, "-1", {1, 0}), std::string(37, '9') + "8");
  EXPECT_EQ(Compute(DecimalOp::kDivide, "1.0", {2, 1}, "0.0", {1, 1}), "null");
  EXPECT_EQ(Compute(DecimalOp::kRemainder, "1.0", {2, 1}, "0.0", {1, 1}), "null");
  EXPECT_EQ(Compute(DecimalOp::kPmod, "1.0", {2, 1}, "0.0", {1, 1}), "null");
  EXPECT_EQ(Compute(DecimalOp::kDivide, "0.0", {2, 1}, "0.0", {1, 1}), "null");
  // 10^37 / 0.01 = 10^39 fits no decimal.
  EXPECT_EQ(Compute(DecimalOp::kDivide, "1" + std::string(37, '0'), {38, 0}, "0.01", {2, 2}),
            "null");
}

TEST(DecimalComputeTest, HalfUpRoundingOfQuotients) {
  EXPECT_EQ(Compute(DecimalOp::kDivide, "2", {1, 0}, "3", {1, 0}), "0.666667");
  EXPECT_EQ(Compute(DecimalOp::kDivide, "-2", {1, 0}, "3", {1, 0}), "-0.666667");
  EXPECT_EQ(Compute(DecimalOp::kDivide, "1", {1, 0}, "-3", {1, 0}), "-0.333333");
  // 1/8 = 0.125 to two places is a tie: HALF_UP goes away from zero.
  EXPECT_EQ(Show(DecimalCompute(DecimalOp::kDivide, 1, {1, 0}, 8, {1, 0}, {3, 2}), 2), "0.13");
  EXPECT_EQ(Show(DecimalCompute(DecimalOp::kDivide, -1, {1, 0}, 8, {1, 0}, {3, 2}), 2), "-0.13");
  EXPECT_EQ(Show(DecimalCompute(DecimalOp::kMultiply, 5, {1, 1}, 5, {1, 1}, {2, 1}), 1), "0.3");
  EXPECT_EQ(Show(DecimalCompute(DecimalOp::kMultiply, -5, {1, 1}, 5, {1, 1}, {2, 1}), 1), "-0.3");
}

TEST(DecimalComputeTest, RemainderAndPmod) {
  EXPECT_EQ(Compute(DecimalOp::kRemainder, "2", kIntDecimalSpec, "1.8", {2, 1}), "0.2");
  EXPECT_EQ(Compute(DecimalOp::kRemainder, "-7.5", {2, 1}, "2", {1, 0}), "-1.5");
  EXPECT_EQ(Compute(DecimalOp::kRemainder, "7.5", {2, 1}, "-2", {1, 0}), "1.5");
  EXPECT_EQ(Compute(DecimalOp::kPmod, "-7.5", {2, 1}, "2", {1, 0}), "0.5");
  EXPECT_EQ(Compute(DecimalOp::kPmod, "7.5", {2, 1}, "2", {1, 0}), "1.5");
  EXPECT_EQ(Compute(DecimalOp::kPmod, "-6.0", {2, 1}, "2", {1, 0}), "0.0");
  // Spark's pmod: with a negative divisor a negative remainder stays negative.
  EXPECT_EQ(Compute(DecimalOp::kPmod, "-7", {1, 0}, "-3", {1, 0}), "-1");
}

TEST(DecimalAggregateTest, SumAndAvgTypes) {
  EXPECT_EQ(DecimalSumSpec({2, 1}), (DecimalSpec{12, 1}));
  EXPECT_EQ(DecimalSumSpec({30, 5}), (DecimalSpec{38, 5}));
  EXPECT_EQ(DecimalAvgSpec({2, 1}), (DecimalSpec{6, 5}));
  EXPECT_EQ(DecimalAvgSpec({38, 10}), (DecimalSpec{38, 14}));
  EXPECT_EQ(DecimalAvgSpec({36, 36}), (DecimalSpec{38, 38}));
}

TEST(DecimalAggregateTest, SumAddAndAverage) {
  const DecimalSpec in{2, 1};
  const DecimalSpec sum_spec = DecimalSumSpec(in);
  std::optional<Int128> sum = 0;
  for (const char* v : {"1.0", "2.0", "3.0"}) sum = DecimalSumAdd(*sum, D(v, in), sum_spec);
  EXPECT_EQ(Show(sum, 1), "6.0");
  EXPECT_EQ(Show(DecimalAverage(*sum, 3, in), 5), "2.00000");
  EXPECT_EQ(Show(DecimalAverage(10, 3, in), 5), "0.33333");
  EXPECT_EQ(Show(DecimalAverage(20, 3, in), 5), "0.66667");
  EXPECT_EQ(Show(DecimalAverage(-20, 3, in), 5), "-0.66667");
  EXPECT_EQ(DecimalSumAdd(Pow10(38) - 1, 1, {38, 0}), std::nullopt);
  EXPECT_EQ(DecimalSumAdd(Pow10(38) - 1, Pow10(38) - 1, {38, 0}), std::nullopt);
  EXPECT_EQ(DecimalSumAdd(Pow10(12) - 1, 1, {12, 1}), std::nullopt);
  // avg of decimal(38,0) is decimal(38,4): Spark 3.4+ divides exactly and rounds once into it,
  // so a quotient of up to 34 integral digits fits, and one of 35 is null.
  EXPECT_EQ(Show(DecimalAverage(Pow10(32), 1, {38, 0}), 4), "1" + std::string(32, '0') + ".0000");
  EXPECT_EQ(DecimalAverage(Pow10(34), 1, {38, 0}), std::nullopt);
  EXPECT_EQ(DecimalAverage(Pow10(37), 1, {38, 0}), std::nullopt);
  // Rounded once at the result scale: 0.0001 / 3 at decimal(34,8) is 0.00003333, where rounding
  // the quotient to scale 6 first (Spark before 3.4) gave 0.00003300.
  EXPECT_EQ(Show(DecimalAverage(1, 3, {30, 4}), 8), "0.00003333");
}

TEST(DecimalRoundTest, RoundFloorCeil) {
  EXPECT_EQ(DecimalRoundSpec({5, 2}, 1), (DecimalSpec{5, 1}));
  EXPECT_EQ(DecimalRoundSpec({5, 2}, 4), (DecimalSpec{6, 2}));
  EXPECT_EQ(DecimalRoundSpec({38, 2}, 0), (DecimalSpec{37, 0}));
  EXPECT_EQ(DecimalRoundSpec({38, 2}, 2), (DecimalSpec{38, 2}));
  EXPECT_EQ(DecimalRoundSpec({3, 0}, -1), (DecimalSpec{4, 0}));
  EXPECT_EQ(DecimalRoundSpec({3, 0}, -5), (DecimalSpec{6, 0}));
  EXPECT_EQ(Show(DecimalRound(D("1.25", {5, 2}), {5, 2}, 1), 1), "1.3");
  EXPECT_EQ(Show(DecimalRound(D("-1.25", {5, 2}), {5, 2}, 1), 1), "-1.3");
  EXPECT_EQ(Show(DecimalRound(D("999.95", {5, 2}), {5, 2}, 1), 1), "1000.0");
  EXPECT_EQ(Show(DecimalRound(D("2.5", {2, 1}), {2, 1}, 0), 0), "3");
  EXPECT_EQ(Show(DecimalRound(D("1.25", {5, 2}), {5, 2}, 4), 2), "1.25");
  EXPECT_EQ(Show(DecimalRound(125, {3, 0}, -1), 0), "130");
  EXPECT_EQ(Show(DecimalRound(-125, {3, 0}, -1), 0), "-130");
  EXPECT_EQ(Show(DecimalRound(D("14.99", {4, 2}), {4, 2}, -1), 0), "10");
  EXPECT_EQ(Show(DecimalRound(499, {3, 0}, -3), 0), "0");
  EXPECT_EQ(Show(DecimalRound(500, {3, 0}, -3), 0), "1000");
  EXPECT_EQ(Show(DecimalRound(Pow10(38) - 1, {38, 0}, -100), 0), "0");
  EXPECT_EQ(Show(DecimalRound(Pow10(38) - 1, {38, 0}, -1), 0), "null");  // 10^38
  EXPECT_EQ(DecimalFloorCeilSpec({1, 1}), (DecimalSpec{1, 0}));
  EXPECT_EQ(DecimalFloorCeilSpec({2, 1}), (DecimalSpec{2, 0}));
  EXPECT_EQ(DecimalFloorCeilSpec({38, 38}), (DecimalSpec{1, 0}));
  EXPECT_EQ(DecimalFloorCeilSpec({7, 0}), (DecimalSpec{7, 0}));
  EXPECT_EQ(FormatDecimal(DecimalCeil(-1, 1), 0), "0");
  EXPECT_EQ(FormatDecimal(DecimalFloor(-1, 1), 0), "-1");
  EXPECT_EQ(FormatDecimal(DecimalCeil(15, 1), 0), "2");
  EXPECT_EQ(FormatDecimal(DecimalFloor(15, 1), 0), "1");
  EXPECT_EQ(FormatDecimal(DecimalFloor(-20, 1), 0), "-2");
  EXPECT_EQ(FormatDecimal(DecimalCeil(20, 1), 0), "2");
}

// --- Properties ------------------------------------------------------------------------------

rc::Gen<DecimalSpec> GenSpec() {
  return rc::gen::mapcat(rc::gen::inRange(1, kMaxDecimalPrecision + 1), [](int p) {
    return rc::gen::map(rc::gen::inRange(0, p + 1), [p](int s) { return DecimalSpec{p, s}; });
  });
}

// A value that fits `precision` digits: its digits drawn one by one.
rc::Gen<Int128> GenUnscaled(int precision) {
  return rc::gen::map(rc::gen::pair(rc::gen::arbitrary<bool>(),
                                    rc::gen::container<std::vector<int>>(
                                        static_cast<size_t>(precision), rc::gen::inRange(0, 10))),
                      [](const std::pair<bool, std::vector<int>>& p) {
                        Int128 v = 0;
                        for (int d : p.second) v = v * 10 + d;
                        return p.first ? -v : v;
                      });
}

RC_GTEST_PROP(DecimalProperty, FormatThenParseRoundTrips, ()) {
  const DecimalSpec spec = *GenSpec();
  const Int128 v = *GenUnscaled(spec.precision);
  const std::string text = FormatDecimal(v, spec.scale);
  RC_ASSERT(ParseDecimalLiteral(text, spec) == std::optional<Int128>(v));
  RC_ASSERT(ParseDecimal(text, spec) == std::optional<Int128>(v));
  RC_ASSERT(FormatDecimal(*ParseDecimal(" " + text + "\t", spec), spec.scale) == text);
}

RC_GTEST_PROP(DecimalProperty, AddAndMultiplyAreCommutative, ()) {
  const DecimalSpec as = *GenSpec();
  const DecimalSpec bs = *GenSpec();
  const Int128 a = *GenUnscaled(as.precision);
  const Int128 b = *GenUnscaled(bs.precision);
  for (DecimalOp op : {DecimalOp::kAdd, DecimalOp::kMultiply}) {
    const DecimalSpec r = DecimalResultSpec(op, as, bs);
    RC_ASSERT(r == DecimalResultSpec(op, bs, as));
    RC_ASSERT(DecimalCompute(op, a, as, b, bs, r) == DecimalCompute(op, b, bs, a, as, r));
  }
}

RC_GTEST_PROP(DecimalProperty, SumOverAnySplitEqualsWholeSum, ()) {
  const int p = *rc::gen::inRange(1, 29);
  const DecimalSpec in{p, *rc::gen::inRange(0, p + 1)};
  const DecimalSpec sum_spec = DecimalSumSpec(in);
  const auto values = *rc::gen::container<std::vector<Int128>>(GenUnscaled(p));
  const size_t split = *rc::gen::inRange<size_t>(0, values.size() + 1);
  auto fold = [&](size_t from, size_t to) {
    std::optional<Int128> acc = 0;
    for (size_t i = from; i < to && acc; ++i) acc = DecimalSumAdd(*acc, values[i], sum_spec);
    return acc;
  };
  const std::optional<Int128> whole = fold(0, values.size());
  const std::optional<Int128> left = fold(0, split);
  const std::optional<Int128> right = fold(split, values.size());
  RC_ASSERT(whole.has_value());  // fewer than 10^10 values of p <= 28 digits cannot overflow
  RC_ASSERT(DecimalSumAdd(*left, *right, sum_spec) == whole);
  Int128 exact = 0;
  for (Int128 v : values) exact += v;
  RC_ASSERT(*whole == exact);
}

RC_GTEST_PROP(DecimalProperty, RescaleUpThenDownGivesTheValueBack, ()) {
  const DecimalSpec spec = *GenSpec();
  const Int128 v = *GenUnscaled(spec.precision);
  const int up = *rc::gen::inRange(0, kMaxDecimalPrecision - spec.precision + 1);
  const DecimalSpec wide{spec.precision + up, spec.scale + up};
  const std::optional<Int128> scaled = RescaleDecimal(v, spec.scale, wide);
  RC_ASSERT(scaled.has_value());
  RC_ASSERT(CompareDecimal(*scaled, wide.scale, v, spec.scale) == 0);
  RC_ASSERT(RescaleDecimal(*scaled, wide.scale, spec) == std::optional<Int128>(v));
}

// Small operands, checked against plain 128-bit arithmetic (a path that does not use the
// 512-bit helpers): the product rounded by RescaleDecimal, and the quotient within half a unit.
RC_GTEST_PROP(DecimalProperty, SmallProductsAndQuotientsMatchInt128, ()) {
  const int p1 = *rc::gen::inRange(1, 10);
  const int p2 = *rc::gen::inRange(1, 10);
  const DecimalSpec as{p1, *rc::gen::inRange(0, p1 + 1)};
  const DecimalSpec bs{p2, *rc::gen::inRange(0, p2 + 1)};
  const Int128 a = *GenUnscaled(p1);
  const Int128 b = *GenUnscaled(p2);
  const DecimalSpec rs = *GenSpec();
  const auto product = DecimalCompute(DecimalOp::kMultiply, a, as, b, bs, rs);
  const auto product_spec = DecimalSpec{kMaxDecimalPrecision, as.scale + bs.scale};
  RC_ASSERT(product == RescaleDecimal(a * b, product_spec.scale, rs));
  const DecimalSpec qs = DecimalResultSpec(DecimalOp::kDivide, as, bs);
  const auto q = DecimalCompute(DecimalOp::kDivide, a, as, b, bs, qs);
  if (b == 0) {
    RC_ASSERT(!q.has_value());
    return;
  }
  RC_ASSERT(q.has_value());
  // |a * 10^(sb + qs) - q * b * 10^sa| <= |b * 10^sa| / 2, with ties rounded away from zero.
  const Int128 num = a * Pow10(bs.scale + qs.scale);
  const Int128 den = b * Pow10(as.scale);
  Int128 err = num - *q * den;
  if (err < 0) err = -err;
  const Int128 half = den < 0 ? -den : den;
  RC_ASSERT(2 * err <= half);
  if (2 * err == half) {  // a tie: |q| went up, away from zero
    const Int128 qd = *q * den;
    RC_ASSERT((qd < 0 ? -qd : qd) > (num < 0 ? -num : num));
  }
}

}  // namespace
}  // namespace sluice::engine
