// The datetime functions of the registry (engine/expr/functions/datetime_functions.cc and
// datetime_format_functions.cc), against Spark's answers.
#include <gtest/gtest.h>

#include "engine/types/datetime.h"
#include "tests/engine/expr/functions/function_test_util.h"

namespace sluice::engine {
namespace {

using testing::ColumnOf;
using testing::Eval;
using testing::LiteralOf;
using testing::NullLiteral;
using V = std::vector<Value>;

const Value kNull;
const DataType kStr = DataType::kString;

Value D(std::string_view s) { return Value(int64_t{StringToDate(s).value()}); }
Value T(std::string_view s) { return Value(StringToTimestamp(s).value()); }
Value I(int64_t v) { return Value(v); }
Value S(std::string s) { return Value(std::move(s)); }

TEST(DatetimeFunctions, DateFieldsFromDatesTimestampsAndStrings) {
  const auto date = ColumnOf(DataType::kDate, {D("2015-04-08"), D("1969-12-31"), kNull});
  const auto ts =
      ColumnOf(DataType::kTimestamp, {T("2013-04-08 13:10:15"), Value(int64_t{-1}), kNull});
  const auto str = ColumnOf(kStr, {S("2015-04-08 13:10:15"), S("-0044-03-15"), S("2015-02-29")});
  EXPECT_EQ(Eval("year", {date}, 3), (V{I(2015), I(1969), kNull}));
  EXPECT_EQ(Eval("month", {ts}, 3), (V{I(4), I(12), kNull}));
  EXPECT_EQ(Eval("dayofmonth", {str}, 3), (V{I(8), I(15), kNull}));  // no such day: null
  EXPECT_EQ(Eval("year", {str}, 3), (V{I(2015), I(-44), kNull}));
  EXPECT_EQ(Eval("year", {NullLiteral()}, 1), (V{kNull}));
  EXPECT_FALSE(testing::BindCall("year", {ColumnOf(DataType::kInt32, {})}).ok());
  EXPECT_FALSE(testing::BindCall("month", {}).ok());
}

TEST(DatetimeFunctions, TimeFieldsFromTimestampsDatesAndStrings) {
  const auto ts =
      ColumnOf(DataType::kTimestamp, {T("2013-04-08 13:10:15.5"), Value(int64_t{-1}), kNull});
  EXPECT_EQ(Eval("hour", {ts}, 3), (V{I(13), I(23), kNull}));  // -1 µs is 23:59:59.999999
  EXPECT_EQ(Eval("minute", {ts}, 3), (V{I(10), I(59), kNull}));
  EXPECT_EQ(Eval("second", {ts}, 3), (V{I(15), I(59), kNull}));
  const auto date = ColumnOf(DataType::kDate, {D("2015-04-08")});
  EXPECT_EQ(Eval("hour", {date}, 1), (V{I(0)}));
  const auto str = ColumnOf(kStr, {S("2015-04-08 13:10:15"), S("nope")});
  EXPECT_EQ(Eval("second", {str}, 2), (V{I(15), kNull}));
  EXPECT_FALSE(testing::BindCall("hour", {ColumnOf(DataType::kInt64, {})}).ok());
}

TEST(DatetimeFunctions, DateAddAndDatediff) {
  const auto d = ColumnOf(DataType::kDate, {D("2015-06-01"), kNull, D("2015-06-01")});
  const auto t = ColumnOf(DataType::kTimestamp, {T("2015-06-01 12:34:56"), T("2015-06-01"), kNull});
  const auto one = LiteralOf(DataType::kInt32, I(1));
  EXPECT_EQ(Eval("date_add", {d, one}, 3), (V{D("2015-06-02"), kNull, D("2015-06-02")}));
  EXPECT_EQ(Eval("date_add", {t, LiteralOf(DataType::kInt32, I(-3))}, 3),
            (V{D("2015-05-29"), D("2015-05-29"), kNull}));
  // A long day count is cast to int, wrapping: 2^32 + 1 is 1.
  EXPECT_EQ(Eval("date_add", {d, LiteralOf(DataType::kInt64, I((int64_t{1} << 32) + 1))}, 1),
            (V{D("2015-06-02")}));
  // Java's int arithmetic wraps.
  EXPECT_EQ(Eval("date_add", {ColumnOf(DataType::kDate, {I(INT32_MAX)}), one}, 1),
            (V{I(INT32_MIN)}));
  EXPECT_EQ(Eval("date_add", {d, NullLiteral()}, 1), (V{kNull}));
  EXPECT_FALSE(testing::BindCall("date_add", {d, LiteralOf(DataType::kDouble, 1.5)}).ok());

  const auto end = ColumnOf(kStr, {S("2015-07-24 04:00:00"), S("bad"), S("2015-07-23")});
  EXPECT_EQ(Eval("datediff", {end, t}, 3), (V{I(53), kNull, kNull}));
  EXPECT_EQ(Eval("datediff", {d, end}, 3), (V{I(-53), kNull, I(-52)}));
}

TEST(DatetimeFunctions, DateTrunc) {
  const auto t = ColumnOf(DataType::kTimestamp, {T("2015-07-22 10:01:40.123456"), kNull});
  EXPECT_EQ(Eval("date_trunc", {LiteralOf(kStr, S("YY")), t}, 2), (V{T("2015-01-01"), kNull}));
  EXPECT_EQ(Eval("date_trunc", {LiteralOf(kStr, S("hour")), t}, 2),
            (V{T("2015-07-22 10:00:00"), kNull}));
  EXPECT_EQ(Eval("date_trunc", {LiteralOf(kStr, S("fortnight")), t}, 2), (V{kNull, kNull}));
  const auto units = ColumnOf(kStr, {S("MONTH"), S("DAY"), kNull});
  const auto ds = ColumnOf(DataType::kDate, {D("2015-07-22"), D("2015-07-22"), D("2015-07-22")});
  EXPECT_EQ(Eval("date_trunc", {units, ds}, 3), (V{T("2015-07-01"), T("2015-07-22"), kNull}));
  EXPECT_FALSE(testing::BindCall("date_trunc", {t, LiteralOf(kStr, S("YY"))}).ok());
}

TEST(DatetimeFunctions, ToTimestampAndToDate) {
  const auto s = ColumnOf(kStr, {S("2015/07/24 10:00:00.5"), S("2015-07-24"), kNull});
  const auto fmt = LiteralOf(kStr, S("yyyy/MM/dd HH:mm:ss.S"));
  EXPECT_EQ(Eval("to_timestamp", {s, fmt}, 3), (V{T("2015-07-24 10:00:00.5"), kNull, kNull}));
  EXPECT_EQ(Eval("to_timestamp", {s}, 3), (V{kNull, T("2015-07-24"), kNull}));  // a cast
  const auto d = ColumnOf(DataType::kDate, {D("2015-07-25")});
  EXPECT_EQ(Eval("to_timestamp", {d, fmt}, 1), (V{T("2015-07-25")}));
  // A date or timestamp ignores the pattern, even a null one.
  EXPECT_EQ(Eval("to_timestamp", {d, NullLiteral()}, 1), (V{T("2015-07-25")}));
  EXPECT_EQ(Eval("to_timestamp", {s, NullLiteral()}, 3), (V{kNull, kNull, kNull}));
  // to_date(s, fmt) is the day of the instant, which a zone in the text can shift.
  const auto z = ColumnOf(kStr, {S("2015-07-22 23:00:00-05:00"), S("2014-31-12")});
  EXPECT_EQ(Eval("to_date", {z, LiteralOf(kStr, S("yyyy-MM-dd HH:mm:ssXXX"))}, 2),
            (V{D("2015-07-23"), kNull}));
  EXPECT_EQ(Eval("to_date", {z, LiteralOf(kStr, S("yyyy-dd-MM"))}, 2), (V{kNull, D("2014-12-31")}));
  const auto t = ColumnOf(DataType::kTimestamp, {T("2014-12-31 23:59:59"), kNull});
  EXPECT_EQ(Eval("to_date", {t}, 2), (V{D("2014-12-31"), kNull}));
  EXPECT_EQ(Eval("to_date", {ColumnOf(kStr, {S("2014-12-31 10:00"), S("x")})}, 2),
            (V{D("2014-12-31"), kNull}));
  EXPECT_FALSE(testing::BindCall("to_date", {s, LiteralOf(kStr, S("yyyy-MM-dd ddd"))}).ok());
  EXPECT_FALSE(testing::BindCall("to_timestamp", {ColumnOf(DataType::kInt32, {})}).ok());
}

TEST(DatetimeFunctions, PatternsFromAColumn) {
  const auto s = ColumnOf(kStr, {S("2015-07-24"), S("24/07/2015"), S("2015-07-24"), S("x")});
  const auto f = ColumnOf(kStr, {S("yyyy-MM-dd"), S("dd/MM/yyyy"), kNull, S("yyyy-MM-dd")});
  EXPECT_EQ(Eval("to_timestamp", {s, f}, 4), (V{T("2015-07-24"), T("2015-07-24"), kNull, kNull}));
  const auto bad = ColumnOf(kStr, {S("yyyy-MM-dd"), S("yyyy-MM-dd YYYY")});
  EXPECT_FALSE(testing::CallFunction("to_timestamp", {s, bad}, 2).ok());
  const auto t = ColumnOf(DataType::kTimestamp, {T("2015-07-24 10:00:00"), T("2015-07-24")});
  const auto ff = ColumnOf(kStr, {S("HH:mm"), S("yyyy")});
  EXPECT_EQ(Eval("date_format", {t, ff}, 2), (V{S("10:00"), S("2015")}));
}

TEST(DatetimeFunctions, UnixTimestamp) {
  const auto ts =
      ColumnOf(DataType::kTimestamp, {T("2015-07-24 10:00:00.3"), Value(int64_t{-1500000}), kNull});
  EXPECT_EQ(Eval("unix_timestamp", {ts}, 3), (V{I(1437732000), I(-1), kNull}));
  const auto ss = ColumnOf(kStr, {S("2015-07-24 10:00:00"), S("2015-07-24")});
  EXPECT_EQ(Eval("unix_timestamp", {ss}, 2), (V{I(1437732000), kNull}));  // the default pattern
  EXPECT_EQ(Eval("unix_timestamp", {ss, LiteralOf(kStr, S("yyyy-MM-dd"))}, 2),
            (V{kNull, I(1437696000)}));
  const auto d = ColumnOf(DataType::kDate, {D("2015-07-24")});
  EXPECT_EQ(Eval("unix_timestamp", {d, LiteralOf(kStr, S("yyyy/MM/dd HH:mm:ss.S"))}, 1),
            (V{I(1437696000)}));
}

TEST(DatetimeFunctions, DateFormatAndFromUnixtime) {
  const auto a = ColumnOf(DataType::kDate, {D("2015-04-08"), kNull});
  EXPECT_EQ(Eval("date_format", {a, LiteralOf(kStr, S("y"))}, 2), (V{S("2015"), kNull}));
  const auto b = ColumnOf(kStr, {S("2015-04-08 13:10:15"), S("junk")});
  EXPECT_EQ(Eval("date_format", {b, LiteralOf(kStr, S("yyyy-MM-dd'T'HH:mm"))}, 2),
            (V{S("2015-04-08T13:10"), kNull}));
  EXPECT_EQ(Eval("date_format", {a, NullLiteral()}, 2), (V{kNull, kNull}));
  EXPECT_FALSE(testing::BindCall("date_format", {a, LiteralOf(kStr, S("yyyy-MM-dd'"))}).ok());
  EXPECT_FALSE(testing::BindCall("date_format", {a}).ok());

  const auto secs = ColumnOf(DataType::kInt32, {I(1000), I(-1000), kNull});
  EXPECT_EQ(Eval("from_unixtime", {secs}, 3),
            (V{S("1970-01-01 00:16:40"), S("1969-12-31 23:43:20"), kNull}));
  EXPECT_EQ(Eval("from_unixtime", {secs, LiteralOf(kStr, S("yy-MM-dd HH-mm-ss"))}, 3),
            (V{S("70-01-01 00-16-40"), S("69-12-31 23-43-20"), kNull}));
  const auto text = ColumnOf(kStr, {S("1000"), S("x")});
  EXPECT_EQ(Eval("from_unixtime", {text}, 2), (V{S("1970-01-01 00:16:40"), kNull}));
  const auto dbl = ColumnOf(DataType::kDouble, {Value(1000.9)});
  EXPECT_EQ(Eval("from_unixtime", {dbl}, 1), (V{S("1970-01-01 00:16:40")}));
  EXPECT_FALSE(testing::BindCall("from_unixtime", {ColumnOf(DataType::kTimestamp, {})}).ok());
}

}  // namespace
}  // namespace sluice::engine
