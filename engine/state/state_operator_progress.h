// StateOperatorProgress: one stateful operator's counters in a batch, with the fields of Spark's
// StateOperatorProgress; progress reports carry one per operator.
#pragma once

#include <cstdint>
#include <string>

namespace sluice::engine {

// One stateful operator's counters in a batch (Spark's StateOperatorProgress).
struct StateOperatorProgress {
  std::string operator_name;
  int64_t num_rows_total = 0;
  int64_t num_rows_updated = 0;
  int64_t num_rows_removed = 0;
  int64_t commit_time_ms = 0;
  int64_t memory_used_bytes = 0;
  int64_t num_rows_dropped_by_watermark = 0;
  int64_t num_shuffle_partitions = 0;
  int64_t num_state_store_instances = 0;
};

}  // namespace sluice::engine
