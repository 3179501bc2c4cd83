// Properties of a streaming decimal sum and avg: the complete output of
// Aggregate({k}, {sum(d), avg(d), count(*)}) does not depend on how the input is cut into
// micro-batches, and it is Spark's: sum(decimal(p,s)) is decimal(min(38, p+10), s), null for a
// group with no non-null value and null for good once the running sum no longer fits its type;
// avg is computed from that sum and the count of non-null values. Then the same of long and double
// columns against a row-by-row model.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>

#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"
#include "engine/types/decimal.h"
#include "engine/types/row_codec.h"
#include "sim/sim_clock.h"
#include "sim/sim_disk.h"
#include "tests/support/random_values.h"

namespace sluice::engine {
namespace {

using Rows = std::vector<std::vector<Value>>;

// Keys 0..4 of the generated rows: key 3 only ever has null values (sum and avg are null, count
// is not), key 4 is the null key (a group like any other).
constexpr int64_t kAllNullKey = 3;
constexpr int64_t kNullKey = 4;

// Above this precision a sum of a few rows can overflow decimal(38,s).
constexpr int kMaxPrecisionThatCannotOverflow = 28;

// Runs the aggregate over `rows` of (k long, d type), adding rows[cuts[i-1], cuts[i]) as one
// offset each (cuts sorted; an empty range still makes a batch), with ProcessAllAvailable after
// each add. Returns the last complete output, rows in a canonical order.
Rows RunAggregate(const DataType& type, const Rows& rows, std::vector<size_t> cuts,
                  int partitions) {
  sim::SimDisk disk;
  sim::SimClock clock{1000000};
  InlineScheduler scheduler;
  int ids = 0;
  Environment env;
  env.checkpoint_fs = &disk;
  env.clock = &clock;
  env.scheduler = &scheduler;
  env.new_id = [&ids] { return "id-" + std::to_string(ids++); };
  auto source = std::make_shared<MemorySource>(
      "input", Schema{{{"k", DataType::kInt64}, {"d", type}}}, partitions);
  auto sink = std::make_shared<MemorySink>();
  auto query =
      DataStream::From(source)
          .Aggregate({GroupKey{Col("k"), "k", std::nullopt}},
                     {AggSpec{AggFn::kSum, Col("d"), "sum"}, AggSpec{AggFn::kAvg, Col("d"), "avg"},
                      AggSpec{AggFn::kCount, std::nullopt, "n"}})
          .WriteStream()
          .OutputMode(OutputMode::kComplete)
          .To(sink)
          .Start(env);
  RC_ASSERT(query.ok());
  cuts.push_back(rows.size());
  size_t begin = 0;
  for (size_t end : cuts) {
    RC_ASSERT(source->AddRows(Rows(rows.begin() + begin, rows.begin() + end)).ok());
    RC_ASSERT(query.value()->ProcessAllAvailable().ok());
    begin = end;
  }
  Rows out = sink->LastBatchRows();
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return EncodeValues(a) < EncodeValues(b); });
  return out;
}

// What Spark outputs for `rows`: per key, the sum computed row by row in Int128, null once it
// no longer fits min(38, p+10) digits; avg from that sum (DecimalAverage, tested on its own in
// decimal_test.cc); count(*) of every row.
Rows Expected(const DataType& type, const Rows& rows) {
  struct Group {
    Value key;
    Int128 sum = 0;
    int64_t values = 0;
    int64_t rows = 0;
    bool overflowed = false;
  };
  const Int128 sum_limit = Pow10(std::min(DataType::kMaxDecimalPrecision, type.precision() + 10));
  std::map<std::string, Group> groups;
  for (const auto& row : rows) {
    Group& g = groups[EncodeValues({row[0]})];
    g.key = row[0];
    ++g.rows;
    if (IsNull(row[1])) continue;
    ++g.values;
    if (g.overflowed) continue;  // null for good; adding more could overflow Int128 itself
    // Two values below 10^38 can sum past Int128's 1.7e38, which is an overflow too.
    if (__builtin_add_overflow(g.sum, std::get<Decimal128>(row[1]).unscaled, &g.sum) ||
        g.sum <= -sum_limit || g.sum >= sum_limit) {
      g.overflowed = true;
    }
  }
  Rows out;
  for (const auto& [_, g] : groups) {
    Value sum, avg;
    if (g.values > 0 && !g.overflowed) {
      sum = Decimal128{g.sum};
      if (auto a = DecimalAverage(g.sum, g.values, {type.precision(), type.scale()})) {
        avg = Decimal128{*a};
      }
    }
    out.push_back({g.key, sum, avg, Value{g.rows}});
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return EncodeValues(a) < EncodeValues(b); });
  return out;
}

// Rows (k, d) of decimal(p,s). Above kMaxPrecisionThatCannotOverflow every value of a key has
// the key's sign: a running sum whose values change sign may overflow in one batching and not in
// another in Spark too (its buffer of a batch's rows is added to the stored one, so the
// intermediate sums differ), which is not a property Spark has. With one sign per key, a sum
// overflows however it is grouped exactly when the total does.
Rows GenRows(const DataType& type) {
  const size_t n = *rc::gen::inRange<size_t>(0, 40);
  Rows rows;
  for (size_t i = 0; i < n; ++i) {
    const int64_t k = *rc::gen::inRange<int64_t>(0, 5);
    Value d = k == kAllNullKey ? Value{} : testing::GenValue(type);
    if (type.precision() > kMaxPrecisionThatCannotOverflow && !IsNull(d)) {
      Int128& v = std::get<Decimal128>(d).unscaled;
      if ((k % 2 == 0) != (v >= 0)) v = -v;
    }
    rows.push_back({k == kNullKey ? Value{} : Value{k}, d});
  }
  return rows;
}

// A decimal type; large precisions, where sums overflow, are drawn as often as the others.
DataType GenDecimalType() {
  const int p = *rc::gen::oneOf(rc::gen::inRange(1, DataType::kMaxDecimalPrecision + 1),
                                rc::gen::inRange(34, DataType::kMaxDecimalPrecision + 1));
  return DataType::Decimal(p, *rc::gen::inRange(0, p + 1));
}

bool AnySumOverflowed(const Rows& out) {
  return std::any_of(out.begin(), out.end(), [](const auto& row) {
    return IsNull(row[1]) && !IsNull(row[0]) && std::get<int64_t>(row[0]) != kAllNullKey;
  });
}

RC_GTEST_PROP(DecimalSumProperty, SumAndAvgDoNotDependOnTheMicroBatches, ()) {
  const DataType type = GenDecimalType();
  const Rows rows = GenRows(type);
  std::vector<size_t> cuts =
      *rc::gen::container<std::vector<size_t>>(rc::gen::inRange<size_t>(0, rows.size() + 1));
  std::sort(cuts.begin(), cuts.end());
  const int partitions = *rc::gen::inRange(1, 4);
  const Rows whole = RunAggregate(type, rows, {}, partitions);
  RC_CLASSIFY(AnySumOverflowed(whole), "a sum overflowed");
  RC_CLASSIFY(cuts.size() > 1, "several batches");
  const Rows split = RunAggregate(type, rows, cuts, partitions);
  RC_ASSERT(split == whole);
}

RC_GTEST_PROP(DecimalSumProperty, SumAndAvgAreSparks, ()) {
  const DataType type = GenDecimalType();
  const Rows rows = GenRows(type);
  const Rows out = RunAggregate(type, rows, {}, *rc::gen::inRange(1, 4));
  const Rows want = Expected(type, rows);
  RC_ASSERT(out.size() == want.size());
  const DecimalSpec in{type.precision(), type.scale()};
  const DecimalSpec sum = DecimalSumSpec(in);
  const DecimalSpec avg = DecimalAvgSpec(in);
  const DataType sum_type = DataType::Decimal(sum.precision, sum.scale);
  const DataType avg_type = DataType::Decimal(avg.precision, avg.scale);
  for (size_t i = 0; i < want.size(); ++i) {
    if (out[i] != want[i]) {
      RC_FAIL("key " + ValueToString(want[i][0], DataType::kInt64) + " of " + TypeName(type) +
              ": got sum " + ValueToString(out[i][1], sum_type) + ", avg " +
              ValueToString(out[i][2], avg_type) + ", count " +
              ValueToString(out[i][3], DataType::kInt64) + "; want sum " +
              ValueToString(want[i][1], sum_type) + ", avg " + ValueToString(want[i][2], avg_type) +
              ", count " + ValueToString(want[i][3], DataType::kInt64));
    }
  }
}

// sum and count(*) of a long or double column, with nulls or without (the aggregation's typed
// loops), equal a row-by-row model: a long sum wraps on overflow, a double sum adds in the input's
// order (one partition keeps it), a key whose values are all null has a null sum.
RC_GTEST_PROP(NumericSumProperty, SumAndCountOfLongsAndDoublesAreSparks, ()) {
  const DataType type = *rc::gen::element(DataType(DataType::kInt64), DataType(DataType::kDouble));
  const bool nulls = *rc::gen::arbitrary<bool>();
  const size_t n = *rc::gen::inRange<size_t>(0, 40);
  Rows rows;
  for (size_t i = 0; i < n; ++i) {
    Value v;
    if (!nulls || *rc::gen::inRange(0, 4) != 0) {
      v = type == DataType::kInt64
              ? Value{*rc::gen::oneOf(rc::gen::inRange<int64_t>(-5, 6),
                                      rc::gen::element(INT64_MAX, INT64_MIN))}
              : Value{*rc::gen::oneOf(rc::gen::element(0.5, -2.25, -0.0, 1e300, 3.0),
                                      rc::gen::arbitrary<double>())};
    }
    rows.push_back({Value{*rc::gen::inRange<int64_t>(0, 3)}, v});
  }
  std::vector<size_t> cuts =
      *rc::gen::container<std::vector<size_t>>(rc::gen::inRange<size_t>(0, rows.size() + 1));
  std::sort(cuts.begin(), cuts.end());
  const Rows out = RunAggregate(type, rows, cuts, /*partitions=*/1);

  struct Group {
    Value sum;
    double avg_sum = 0;
    int64_t values = 0;
    int64_t rows = 0;
  };
  std::map<int64_t, Group> groups;
  for (const auto& row : rows) {
    Group& g = groups[std::get<int64_t>(row[0])];
    ++g.rows;
    if (IsNull(row[1])) continue;
    ++g.values;
    if (type == DataType::kInt64) {
      const int64_t v = std::get<int64_t>(row[1]);
      const int64_t sum = IsNull(g.sum) ? 0 : std::get<int64_t>(g.sum);
      g.sum = static_cast<int64_t>(static_cast<uint64_t>(sum) + static_cast<uint64_t>(v));
      g.avg_sum += static_cast<double>(v);
    } else {
      const double v = std::get<double>(row[1]);
      g.sum = (IsNull(g.sum) ? 0.0 : std::get<double>(g.sum)) + v;
      g.avg_sum += v;
    }
  }
  Rows want;
  for (const auto& [k, g] : groups) {
    want.push_back(
        {Value{k}, g.sum, g.values == 0 ? Value{} : Value{g.avg_sum / g.values}, Value{g.rows}});
  }
  std::sort(want.begin(), want.end(),
            [](const auto& a, const auto& b) { return EncodeValues(a) < EncodeValues(b); });
  RC_ASSERT(out.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    RC_ASSERT(EncodeStateValues(out[i]) == EncodeStateValues(want[i]));  // exact double bits
  }
}

}  // namespace
}  // namespace sluice::engine
