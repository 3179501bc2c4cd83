// EvalContext: what evaluating an expression needs besides its input rows.
//
// Rules: a streaming query evaluates every expression of batch N with batch N's timestamp, the
// one its offsets log entry records, so a batch run again after a crash sees the same time
// (Spark's CurrentBatchTimestamp). Outside a query the timestamp is unset, and functions that
// read it (current_timestamp) fail naming themselves.
#pragma once

#include <cstdint>
#include <optional>

namespace sluice::engine {

struct EvalContext {
  std::optional<int64_t> batch_timestamp_us;
};

}  // namespace sluice::engine
