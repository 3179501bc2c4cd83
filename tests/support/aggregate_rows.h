// For property tests of the aggregation: an input of every kind of column an aggregate takes
// (keys, a time, longs, doubles, strings, ints), drawn with nulls, NaN, -0.0 and sums that leave
// an int's range, and the aggregation bound to it.
#pragma once

#include <rapidcheck.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "engine/state/aggregate.h"
#include "spec/check.h"

namespace sluice::engine::testing {

inline Schema InputSchema() {
  Schema input{{{"k", DataType::kInt64},
                {"t", DataType::kTimestamp},
                {"x", DataType::kInt64},
                {"d", DataType::kDouble},
                {"s", DataType::kString},
                {"i", DataType::kInt32}}};
  input.fields[1].watermark_delay_us = 0;
  return input;
}

inline std::shared_ptr<const BoundStateful> Bind(std::vector<GroupKey> keys,
                                                 std::vector<AggSpec> aggs) {
  auto bound = MakeAggregate(std::move(keys), std::move(aggs))->Plan(InputSchema());
  SLUICE_CHECK(bound.ok(), "the test's aggregate binds");
  return bound.value();
}

// `rows` through the operator's pre-shuffle steps.
inline RecordBatch PreShuffle(const BoundStateful& agg, RecordBatch rows) {
  for (const auto& step : agg.pre_shuffle) {
    auto out = step->Apply(rows, EvalContext{});
    SLUICE_CHECK(out.ok(), "the pre-shuffle steps run");
    rows = std::move(out.value());
  }
  return rows;
}

inline RecordBatch DrawRows(size_t rows, int64_t keys) {
  std::vector<Column> c{Column(DataType::kInt64),  Column(DataType::kTimestamp),
                        Column(DataType::kInt64),  Column(DataType::kDouble),
                        Column(DataType::kString), Column(DataType::kInt32)};
  for (size_t r = 0; r < rows; ++r) {
    if (*rc::gen::inRange(0, 4) == 0) {
      c[5].AppendNull();
    } else {  // ints whose sums leave an int's range
      c[5].AppendInt32(*rc::gen::oneOf(rc::gen::inRange<int32_t>(-5, 5),
                                       rc::gen::element(std::numeric_limits<int32_t>::min(),
                                                        std::numeric_limits<int32_t>::max())));
    }
    if (*rc::gen::inRange(0, 20) == 0) {
      c[0].AppendNull();
    } else {
      c[0].AppendInt(*rc::gen::inRange<int64_t>(0, keys));
    }
    c[1].AppendInt(*rc::gen::inRange<int64_t>(0, 60) * 1'000'000);  // 0-59 s
    if (*rc::gen::inRange(0, 4) == 0) {
      c[2].AppendNull();
    } else {
      c[2].AppendInt(*rc::gen::oneOf(rc::gen::inRange<int64_t>(-5, 5),
                                     rc::gen::element(std::numeric_limits<int64_t>::min(),
                                                      std::numeric_limits<int64_t>::max())));
    }
    if (*rc::gen::inRange(0, 8) == 0) {
      c[3].AppendNull();
    } else {
      c[3].AppendDouble(*rc::gen::element(0.0, -0.0, 1.5, -2.0, std::nan(""),
                                          std::numeric_limits<double>::infinity()));
    }
    if (*rc::gen::inRange(0, 5) == 0) {
      c[4].AppendNull();
    } else {
      c[4].AppendString(*rc::gen::element<std::string>("", "a", "b", "ab"));
    }
  }
  return RecordBatch(InputSchema(), std::move(c));
}

}  // namespace sluice::engine::testing
