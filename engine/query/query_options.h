// QueryOptions: the settings of one streaming query, with Spark's defaults.
//
// Options marked pinned are written into every offsets entry and, on restart, the logged value
// wins over the one given here (as Spark pins spark.sql.shuffle.partitions).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "engine/io/output_mode.h"
#include "engine/query/trigger.h"

namespace sluice::engine {

inline constexpr const char* kConfShufflePartitions = "sluice.shuffle_partitions";
inline constexpr const char* kConfWatermarkPolicy = "sluice.watermark_policy";

struct QueryOptions {
  std::string name;
  OutputMode output_mode = OutputMode::kAppend;
  Trigger trigger;
  int64_t min_batches_to_retain = 100;   // entries kept in offsets/ and commits/, at least 1
  int shuffle_partitions = 5;            // pinned
  std::string watermark_policy = "min";  // pinned: min or max
  bool no_data_batches = true;
  int64_t state_snapshot_interval = 10;  // state deltas between snapshots
  Duration no_data_progress_event_interval = Seconds(10);
  size_t recent_progress_max = 100;

  Status Validate() const;
  std::map<std::string, std::string> PinnedConf() const;
};

}  // namespace sluice::engine
