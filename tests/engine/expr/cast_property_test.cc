// Properties of the engine's cast (Spark's CAST with ANSI mode off) over whole columns with
// nulls: a cast followed by its inverse gives back every value, a null stays null and the column
// keeps its length. The casts run through the real kernel: an Expr Cast bound and evaluated over
// a RecordBatch (which calls CastColumn), or CastColumn itself.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <functional>

#include "engine/expr/cast.h"
#include "engine/expr/expression.h"
#include "engine/types/datetime.h"
#include "engine/types/record_batch.h"
#include "tests/support/random_values.h"

namespace sluice::engine {
namespace {

// 2^53: every integer of at most this magnitude is a double exactly.
constexpr int64_t kMaxExactDouble = int64_t{1} << 53;
// The dates whose midnight is a timestamp (an int64 of microseconds): about ±292000 years.
constexpr int32_t kMaxTimestampDay = static_cast<int32_t>(INT64_MAX / kMicrosPerDay);

// A column of `type` with up to 12 rows, about one in nine of them null; `gen_value` makes the
// non-null values (by default any value of the type).
Column GenColumn(const DataType& type, std::function<Value()> gen_value = nullptr) {
  if (!gen_value) gen_value = [&type] { return testing::GenNonNullValue(type); };
  Column column(type);
  const size_t rows = *rc::gen::inRange<size_t>(0, 12);
  for (size_t i = 0; i < rows; ++i) {
    column.Append(*rc::gen::inRange(0, 9) == 0 ? Value{} : gen_value());
  }
  return column;
}

// A decimal type with random precision and scale.
rc::Gen<DataType> GenDecimalType() {
  return rc::gen::mapcat(rc::gen::inRange(1, DataType::kMaxDecimalPrecision + 1), [](int p) {
    return rc::gen::map(rc::gen::inRange(0, p + 1), [p](int s) { return DataType::Decimal(p, s); });
  });
}

// CAST(CAST(v AS `via`) AS <v's type>) evaluated over a batch whose one column is `column`.
Column CastThereAndBack(const Column& column, const DataType& via) {
  RecordBatch batch(Schema{{{"v", column.type()}}}, {column});
  const Expr e = Col("v").Cast(via).Cast(column.type());
  const Result<DataType> bound = e.Bind(batch.schema());
  RC_ASSERT(bound.ok());
  RC_ASSERT(bound.value() == column.type());
  Result<Column> out = e.Evaluate(batch);
  RC_ASSERT(out.ok());
  return std::move(out).value();
}

// Whether two cells hold the same value: doubles (and floats, which a Value holds as doubles)
// bit for bit, so that -0.0 differs from 0.0, and any NaN equals any NaN.
bool SameValue(const Value& a, const Value& b) {
  const auto* x = std::get_if<double>(&a);
  const auto* y = std::get_if<double>(&b);
  if (x == nullptr || y == nullptr) return a == b;
  if (std::isnan(*x) || std::isnan(*y)) return std::isnan(*x) && std::isnan(*y);
  return *x == *y && std::signbit(*x) == std::signbit(*y);
}

// `got` has `want`'s type, length, nulls and values.
void AssertSameColumn(const Column& want, const Column& got) {
  RC_ASSERT(got.type() == want.type());
  RC_ASSERT(got.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    if (got.IsNull(i) != want.IsNull(i) || !SameValue(want.Get(i), got.Get(i))) {
      RC_FAIL("row " + std::to_string(i) + " of " + TypeName(want.type()) + ": " +
              ValueToString(want.Get(i), want.type()) + " came back as " +
              ValueToString(got.Get(i), got.type()));
    }
  }
}

// Every scalar type Spark casts to a string and back. Floats and doubles include NaN, the
// infinities and -0.0: Java writes them "NaN", "Infinity", "-Infinity", "-0.0" and parses those
// back. A binary casts to a string holding its bytes as they are, and back.
RC_GTEST_PROP(CastProperty, EveryScalarTypeRoundTripsThroughString, ()) {
  const DataType type = *rc::gen::oneOf(
      rc::gen::element(DataType::kBool, DataType::kInt32, DataType::kInt64, DataType::kFloat,
                       DataType::kDouble, DataType::kDate, DataType::kTimestamp, DataType::kBinary),
      GenDecimalType());
  RC_TAG(TypeName(type));
  const Column column = GenColumn(type);
  AssertSameColumn(column, CastThereAndBack(column, DataType::kString));
}

// A string casts to binary as its bytes and back.
RC_GTEST_PROP(CastProperty, StringRoundTripsThroughBinary, ()) {
  const Column column = GenColumn(DataType::kString);
  AssertSameColumn(column, CastThereAndBack(column, DataType::kBinary));
}

RC_GTEST_PROP(CastProperty, IntRoundTripsThroughLong, ()) {
  const Column column = GenColumn(DataType::kInt32);
  AssertSameColumn(column, CastThereAndBack(column, DataType::kInt64));
}

// Every int is a double exactly.
RC_GTEST_PROP(CastProperty, IntRoundTripsThroughDouble, ()) {
  const Column column = GenColumn(DataType::kInt32);
  AssertSameColumn(column, CastThereAndBack(column, DataType::kDouble));
}

// A long of at most 2^53 in magnitude is a double exactly (larger ones round).
RC_GTEST_PROP(CastProperty, ExactLongsRoundTripThroughDouble, ()) {
  const Column column = GenColumn(DataType::kInt64, [] {
    return Value{*rc::gen::inRange<int64_t>(-kMaxExactDouble, kMaxExactDouble + 1)};
  });
  AssertSameColumn(column, CastThereAndBack(column, DataType::kDouble));
}

// Every float is a double exactly, NaN and -0.0 included.
RC_GTEST_PROP(CastProperty, FloatRoundTripsThroughDouble, ()) {
  const Column column = GenColumn(DataType::kFloat);
  AssertSameColumn(column, CastThereAndBack(column, DataType::kDouble));
}

// decimal(p,s) -> decimal(p+k,s+k) keeps every value (the integral digits are kept) and the
// way back only drops the zeros it added.
RC_GTEST_PROP(CastProperty, DecimalRoundTripsThroughAWiderDecimal, ()) {
  const DataType type = *GenDecimalType();
  const int k = *rc::gen::inRange(0, DataType::kMaxDecimalPrecision - type.precision() + 1);
  const DataType wider = DataType::Decimal(type.precision() + k, type.scale() + k);
  RC_TAG(TypeName(type) + " via " + TypeName(wider));
  const Column column = GenColumn(type);
  AssertSameColumn(column, CastThereAndBack(column, wider));
}

// An int or long casts to a decimal with room for its digits (10 for an int, 19 for a long)
// and any scale, and back.
RC_GTEST_PROP(CastProperty, IntegersRoundTripThroughDecimal, ()) {
  const DataType type = *rc::gen::element(DataType::kInt32, DataType::kInt64);
  const int digits = type == DataType::kInt32 ? 10 : 19;
  const int k = *rc::gen::inRange(0, DataType::kMaxDecimalPrecision - digits + 1);
  const Column column = GenColumn(type);
  AssertSameColumn(column, CastThereAndBack(column, DataType::Decimal(digits + k, k)));
}

// A date casts to the timestamp of its midnight and back. Restricted to the dates whose
// midnight fits a timestamp: Spark raises an overflow error for the others (Sluice gives null).
RC_GTEST_PROP(CastProperty, DatesRoundTripThroughTimestamp, ()) {
  const Column column = GenColumn(DataType::kDate, [] {
    return Value{int64_t{*rc::gen::inRange(-kMaxTimestampDay, kMaxTimestampDay + 1)}};
  });
  AssertSameColumn(column, CastThereAndBack(column, DataType::kTimestamp));
}

// Any cast Spark allows, between any two types (nested ones to string): the result has one row
// per input row, and a null row casts to null (a non-null row may become null).
RC_GTEST_PROP(CastProperty, NullsStayNullAndTheLengthIsKept, ()) {
  const DataType from = *testing::GenType(1);
  const DataType to = *rc::gen::oneOf(testing::GenType(0), rc::gen::just(DataType::kString));
  RC_PRE(CanCast(from, to));
  Column column(from);
  const size_t rows = *rc::gen::inRange<size_t>(0, 12);
  for (size_t i = 0; i < rows; ++i) column.Append(testing::GenValue(from));
  const Column out = CastColumn(column, to);
  RC_ASSERT(out.type() == to);
  RC_ASSERT(out.size() == rows);
  for (size_t i = 0; i < rows; ++i) {
    if (column.IsNull(i)) RC_ASSERT(out.IsNull(i));
  }
}

}  // namespace
}  // namespace sluice::engine
