// Aggregate functions: count, sum, min, max, avg, first, last and count_distinct, each bound to
// its argument's type, over a buffer of Values per group. The buffer is what the state store
// keeps for an aggregate between batches, so its layout is part of the state's meaning.
//
// Rules, as Spark with ANSI mode off: nulls are skipped but by first and last; a long sum wraps on
// overflow; a decimal sum that overflows its type gives null for good; min and max order doubles
// with NaN largest; count_distinct takes every NaN as one value and -0.0 as 0.0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/types/value.h"
#include "storage/status.h"

namespace sluice::engine {

enum class AggFn : uint8_t { kCount, kSum, kMin, kMax, kAvg, kFirst, kLast, kCountDistinct };

// Spark's name of `fn` ("count", "count_distinct"), and back.
std::string_view AggName(AggFn fn);
Result<AggFn> ParseAggFn(const std::string& name);

// How many Values of a group's buffer one aggregate takes: avg (sum, count) and first (set, value)
// take two, the others one.
size_t BufferWidth(AggFn fn);

// One aggregate bound to its argument's type. Init, then Update per row, give its buffer;
// Finish gives its result.
struct BoundAgg {
  AggFn fn;
  std::optional<size_t> arg_column;  // in the pre-shuffle output
  DataType arg_type = DataType::kInt64;
  DataType result_type = DataType::kInt64;

  void Init(Value* b) const;
  void Update(Value* b, const Value& v) const;
  // Where the result is in the buffer: Finish(b) is b[0] or b[1] for these aggregates.
  enum class Result : uint8_t { kFirstCell, kSecondCell, kFinish };
  Result ResultFrom() const;
  Value Finish(const Value* b) const;

 private:
  // Adds a decimal to the running sum in b[0] (see the rules above).
  void SumDecimal(Value* b, const Value& v) const;
};

}  // namespace sluice::engine
