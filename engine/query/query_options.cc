#include "engine/query/query_options.h"

namespace sluice::engine {

Status QueryOptions::Validate() const {
  SLUICE_RETURN_IF_ERROR(trigger.Validate());
  if (min_batches_to_retain < 1) {
    return Status::InvalidArgument("option min_batches_to_retain must be at least 1, got " +
                                   std::to_string(min_batches_to_retain));
  }
  if (shuffle_partitions < 1) {
    return Status::InvalidArgument("option shuffle_partitions must be at least 1, got " +
                                   std::to_string(shuffle_partitions));
  }
  if (watermark_policy != "min" && watermark_policy != "max") {
    return Status::InvalidArgument("option watermark_policy must be 'min' or 'max', got '" +
                                   watermark_policy + "'");
  }
  if (state_snapshot_interval < 1) {
    return Status::InvalidArgument("option state_snapshot_interval must be at least 1, got " +
                                   std::to_string(state_snapshot_interval));
  }
  return Status::Ok();
}

std::map<std::string, std::string> QueryOptions::PinnedConf() const {
  return {{kConfShufflePartitions, std::to_string(shuffle_partitions)},
          {kConfWatermarkPolicy, watermark_policy}};
}

}  // namespace sluice::engine
