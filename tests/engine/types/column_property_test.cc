// Properties of Column's row operations over random types, nested ones included (structs,
// arrays and maps of any types, nulls inside): Take, Slice, AppendFrom and AppendAll keep every
// value, null and length, read back through Get.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstring>
#include <span>

#include "engine/types/column.h"
#include "tests/support/random_values.h"

namespace sluice::engine {
namespace {

// Whether two values are the same, doubles bit for bit (-0.0 is not 0.0, NaN is NaN), lists
// element by element.
bool Same(const Value& a, const Value& b) {
  if (a.index() != b.index()) return false;
  if (const auto* x = std::get_if<double>(&a)) {
    const double y = std::get<double>(b);
    if (std::isnan(*x) || std::isnan(y)) return std::isnan(*x) && std::isnan(y);
    return *x == y && std::signbit(*x) == std::signbit(y);
  }
  if (const auto* x = std::get_if<ValueList>(&a)) {
    const ValueList& y = std::get<ValueList>(b);
    if (x->size() != y.size()) return false;
    for (size_t i = 0; i < x->size(); ++i) {
      if (!Same((*x)[i], y[i])) return false;
    }
    return true;
  }
  return a == b;
}

// Random values of `type`, and a column holding them.
struct Sample {
  std::vector<Value> values;
  Column column;
};

// With `top_level_nulls` false, no row is null (nested values may still hold nulls).
Sample GenSample(const DataType& type, size_t max_rows = 10, bool top_level_nulls = true) {
  Sample s{{}, Column(type)};
  const size_t rows = *rc::gen::inRange<size_t>(0, max_rows + 1);
  for (size_t i = 0; i < rows; ++i) {
    s.values.push_back(top_level_nulls ? testing::GenValue(type) : testing::GenNonNullValue(type));
    s.column.Append(s.values.back());
  }
  return s;
}

// `column` holds exactly `want`: its length, its nulls (and their count) and every value.
void AssertHolds(const Column& column, const std::vector<Value>& want) {
  RC_ASSERT(column.size() == want.size());
  size_t nulls = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    nulls += IsNull(want[i]) ? 1 : 0;
    RC_ASSERT(column.IsNull(i) == IsNull(want[i]));
    if (!Same(column.Get(i), want[i])) {
      RC_FAIL("row " + std::to_string(i) + " of " + TypeName(column.type()) + ": got " +
              ValueToString(column.Get(i), column.type()) + ", want " +
              ValueToString(want[i], column.type()));
    }
  }
  RC_ASSERT(column.null_count() == nulls);
}

RC_GTEST_PROP(ColumnProperty, AColumnHoldsTheValuesAppendedToIt, ()) {
  const Sample s = GenSample(*testing::GenType());
  AssertHolds(s.column, s.values);
}

RC_GTEST_PROP(ColumnProperty, TakeKeepsTheChosenRowsInItsOrder, ()) {
  const Sample s = GenSample(*testing::GenType());
  std::vector<uint32_t> rows;
  if (!s.values.empty()) {
    rows = *rc::gen::container<std::vector<uint32_t>>(
        rc::gen::inRange<uint32_t>(0, static_cast<uint32_t>(s.values.size())));
  }
  std::vector<Value> want;
  for (uint32_t r : rows) want.push_back(s.values[r]);
  const Column taken = s.column.Take(rows);
  RC_ASSERT(taken.type() == s.column.type());
  AssertHolds(taken, want);
}

// A slice holds its range; a slice of a slice, a take of a slice and a value appended to a slice
// land where they should (nested offsets start again at the slice).
RC_GTEST_PROP(ColumnProperty, SliceKeepsItsRange, ()) {
  const DataType type = *testing::GenType();
  const Sample s = GenSample(type);
  const size_t end = *rc::gen::inRange<size_t>(0, s.values.size() + 1);
  const size_t begin = *rc::gen::inRange<size_t>(0, end + 1);
  Column sliced = s.column.Slice(begin, end);
  std::vector<Value> want(s.values.begin() + begin, s.values.begin() + end);
  AssertHolds(sliced, want);

  const size_t inner_end = *rc::gen::inRange<size_t>(0, want.size() + 1);
  const size_t inner_begin = *rc::gen::inRange<size_t>(0, inner_end + 1);
  AssertHolds(sliced.Slice(inner_begin, inner_end),
              std::vector<Value>(want.begin() + inner_begin, want.begin() + inner_end));

  std::vector<uint32_t> rows;
  for (size_t i = want.size(); i > 0; --i) rows.push_back(static_cast<uint32_t>(i - 1));
  AssertHolds(sliced.Take(rows), std::vector<Value>(want.rbegin(), want.rend()));

  const Value extra = testing::GenValue(type);
  sliced.Append(extra);
  want.push_back(extra);
  AssertHolds(sliced, want);
}

// AppendFrom and AppendAll concatenate: a column built from two others, row by row, whole, or
// from a slice, holds their values in order.
RC_GTEST_PROP(ColumnProperty, AppendFromAndAppendAllConcatenate, ()) {
  const DataType type = *testing::GenType();
  const Sample a = GenSample(type);
  const Sample b = GenSample(type);
  std::vector<Value> want = a.values;
  want.insert(want.end(), b.values.begin(), b.values.end());

  Column whole = a.column;
  whole.AppendAll(b.column);
  AssertHolds(whole, want);

  Column by_row(type);
  for (size_t i = 0; i < a.values.size(); ++i) by_row.AppendFrom(a.column, i);
  for (size_t i = 0; i < b.values.size(); ++i) by_row.AppendFrom(b.column, i);
  AssertHolds(by_row, want);

  const size_t cut = *rc::gen::inRange<size_t>(0, b.values.size() + 1);
  Column from_slice = a.column.Slice(0, a.values.size());
  from_slice.AppendAll(b.column.Slice(cut, b.values.size()));
  std::vector<Value> want_tail = a.values;
  want_tail.insert(want_tail.end(), b.values.begin() + cut, b.values.end());
  AssertHolds(from_slice, want_tail);
}

// Whether two spans hold the same bytes (doubles bit for bit).
template <typename T>
bool SameBytes(std::span<const T> a, std::span<const T> b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size_bytes()) == 0);
}

// `a` and `b` agree buffer for buffer: validity words, values, offsets, bytes and children, so
// that a null row's slot holds the same zero value in both.
void AssertSameBuffers(const Column& a, const Column& b) {
  RC_ASSERT(a.size() == b.size());
  RC_ASSERT(a.null_count() == b.null_count());
  RC_ASSERT(SameBytes(a.validity(), b.validity()));
  RC_ASSERT(SameBytes(a.bools(), b.bools()));
  RC_ASSERT(SameBytes(a.int32s(), b.int32s()));
  RC_ASSERT(SameBytes(a.int64s(), b.int64s()));
  RC_ASSERT(SameBytes(a.floats(), b.floats()));
  RC_ASSERT(SameBytes(a.doubles(), b.doubles()));
  RC_ASSERT(SameBytes(a.decimals(), b.decimals()));
  RC_ASSERT(SameBytes(a.offsets(), b.offsets()));
  RC_ASSERT(a.bytes() == b.bytes());
  RC_ASSERT(a.num_children() == b.num_children());
  for (size_t i = 0; i < a.num_children(); ++i) AssertSameBuffers(a.child(i), b.child(i));
}

// Take, Slice and AppendAll copy buffer by buffer what AppendFrom builds row by row.
// Take, Slice and AppendAll equal row-by-row AppendFrom buffer for buffer. Columns without nulls
// take the bulk path for structs too; with nulls, structs go row by row.
RC_GTEST_PROP(ColumnProperty, BulkCopiesEqualRowByRowCopies, ()) {
  const DataType type = *testing::GenType();
  const bool nulls = *rc::gen::arbitrary<bool>();
  const Sample a = GenSample(type, 70, nulls);
  const Sample b = GenSample(type, 70, nulls);
  std::vector<uint32_t> rows;
  if (!a.values.empty()) {
    rows = *rc::gen::container<std::vector<uint32_t>>(
        rc::gen::inRange<uint32_t>(0, static_cast<uint32_t>(a.values.size())));
  }
  Column taken(type);
  for (uint32_t r : rows) taken.AppendFrom(a.column, r);
  AssertSameBuffers(a.column.Take(rows), taken);

  const size_t end = *rc::gen::inRange<size_t>(0, a.values.size() + 1);
  const size_t begin = *rc::gen::inRange<size_t>(0, end + 1);
  Column sliced(type);
  for (size_t r = begin; r < end; ++r) sliced.AppendFrom(a.column, r);
  AssertSameBuffers(a.column.Slice(begin, end), sliced);

  // Appended onto a column that ends inside a validity word, and onto one cut back.
  Column whole = a.column, by_row = a.column;
  const size_t cut = *rc::gen::inRange<size_t>(0, a.values.size() + 1);
  whole.Truncate(cut);
  by_row.Truncate(cut);
  whole.AppendAll(b.column);
  for (size_t r = 0; r < b.values.size(); ++r) by_row.AppendFrom(b.column, r);
  AssertSameBuffers(whole, by_row);
}

}  // namespace
}  // namespace sluice::engine

namespace sluice::engine {
namespace {

// A bulk append of valid cells equals appending them one at a time, from any starting row (so
// that runs start and end inside and across 64-row validity words) and after nulls.
RC_GTEST_PROP(ColumnBulkAppend, EqualsAppendingOneByOne, ()) {
  // Rows before the bulk append: (null or not, value).
  const auto before = *rc::gen::container<std::vector<std::pair<bool, int64_t>>>(
      rc::gen::pair(rc::gen::arbitrary<bool>(), rc::gen::arbitrary<int64_t>()));
  const auto values = *rc::gen::container<std::vector<int64_t>>(rc::gen::arbitrary<int64_t>());
  Column bulk(DataType::kInt64), one(DataType::kInt64);
  for (const auto& [null, v] : before) {
    for (Column* c : {&bulk, &one}) null ? c->AppendNull() : c->AppendInt(v);
  }
  bulk.AppendInts(values);
  for (int64_t v : values) one.AppendInt(v);
  RC_ASSERT(bulk.size() == one.size());
  RC_ASSERT(bulk.null_count() == one.null_count());
  for (size_t i = 0; i < one.size(); ++i) {
    RC_ASSERT(bulk.IsNull(i) == one.IsNull(i));
    if (!one.IsNull(i)) RC_ASSERT(bulk.Int(i) == one.Int(i));
  }
  std::vector<double> doubles(values.begin(), values.end());
  std::vector<uint8_t> bools(values.size());
  for (size_t i = 0; i < values.size(); ++i) bools[i] = values[i] & 1;
  Column d(DataType::kDouble), b(DataType::kBool);
  d.AppendNull();
  b.AppendNull();
  d.AppendDoubles(doubles);
  b.AppendBools(bools);
  for (size_t i = 0; i < values.size(); ++i) {
    RC_ASSERT(!d.IsNull(i + 1) && d.Double(i + 1) == doubles[i]);
    RC_ASSERT(!b.IsNull(i + 1) && b.Bool(i + 1) == (bools[i] != 0));
  }
}

// A buffer given to an empty column (no copy) reads as the same cells appended one at a time, and
// the column grows on from there; a column that is not empty copies the buffer instead.
RC_GTEST_PROP(ColumnBulkAppend, AdoptedBufferEqualsAppendingOneByOne, ()) {
  const auto values = *rc::gen::container<std::vector<int64_t>>(rc::gen::arbitrary<int64_t>());
  const auto more = *rc::gen::container<std::vector<int64_t>>(rc::gen::arbitrary<int64_t>());
  const bool null_between = *rc::gen::arbitrary<bool>();
  Column adopted(DataType::kInt64), one(DataType::kInt64);
  adopted.AppendInts(Buffer<int64_t>(values.begin(), values.end()));
  for (int64_t v : values) one.AppendInt(v);
  for (Column* c : {&adopted, &one}) {
    if (null_between) c->AppendNull();
  }
  adopted.AppendInts(
      Buffer<int64_t>(more.begin(), more.end()));  // not empty now (unless both are empty)
  for (int64_t v : more) one.AppendInt(v);
  RC_ASSERT(adopted.size() == one.size());
  RC_ASSERT(adopted.null_count() == one.null_count());
  for (size_t i = 0; i < one.size(); ++i) {
    RC_ASSERT(adopted.IsNull(i) == one.IsNull(i));
    if (!one.IsNull(i)) RC_ASSERT(adopted.Int(i) == one.Int(i));
  }
  Column d(DataType::kDouble), b(DataType::kBool);
  d.AppendDoubles(std::vector<double>(values.begin(), values.end()));
  std::vector<uint8_t> bools(values.size());
  for (size_t i = 0; i < values.size(); ++i) bools[i] = values[i] & 1;
  b.AppendBools(std::vector<uint8_t>(bools));
  RC_ASSERT(d.size() == values.size() && b.size() == values.size());
  RC_ASSERT(d.null_count() == 0 && b.null_count() == 0);
  for (size_t i = 0; i < values.size(); ++i) {
    RC_ASSERT(!d.IsNull(i) && d.Double(i) == static_cast<double>(values[i]));
    RC_ASSERT(!b.IsNull(i) && b.Bool(i) == (bools[i] != 0));
  }
}

}  // namespace
}  // namespace sluice::engine
