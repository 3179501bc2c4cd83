// RateMicroBatchSource: Spark's `rate-micro-batch` source. Each batch is the next
// `rowsPerBatch` values of 0, 1, 2, ..., spread over `numPartitions` partitions, every row of a
// batch stamped with the batch's timestamp: `startTimestamp` for the first batch, then
// `advanceMillisPerBatch` later for each batch after. The rows do not depend on the clock, so a
// batch run again after a crash is the same.
//
// Schema: `timestamp TIMESTAMP, value BIGINT`. Offsets: `{"offset":<values before>,
// "timestamp":<the batch's timestamp in ms>}`, starting at `{"offset":0,"timestamp":
// <startTimestamp>}`. Every trigger has a batch (a read limit does not apply); with
// Trigger.AvailableNow the query runs the one batch that was due when it started.
//
// Options (Create): rowsPerBatch (required, positive), numPartitions (positive; 1 by default,
// where Spark takes the cluster's default parallelism), startTimestamp (ms, not negative, 0 by
// default), advanceMillisPerBatch (an int, not negative, 1000 by default). Anything else is
// refused.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "engine/io/source.h"

namespace sluice::connectors::files {

class RateMicroBatchSource : public engine::Source {
 public:
  static Result<std::shared_ptr<RateMicroBatchSource>> Create(
      std::string name, const std::map<std::string, std::string>& options);

  std::string Name() const override { return name_; }
  std::string Description() const override;
  const engine::Schema& schema() const override { return schema_; }
  int NumPartitions() const override { return num_partitions_; }
  engine::SourceOffset InitialOffset() const override;
  Result<engine::SourceOffset> ParseOffset(const std::string& json) const override;
  Result<engine::SourceOffset> LatestOffset(const engine::SourceOffset& start,
                                            const engine::ReadLimit& limit) override;
  Result<engine::RecordBatch> Read(int partition, const engine::SourceOffset& start,
                                   const engine::SourceOffset& end) override;
  Status Commit(const engine::SourceOffset&) override { return Status::Ok(); }

 private:
  struct Position {
    int64_t offset;
    int64_t timestamp_ms;
  };
  RateMicroBatchSource(std::string name, int64_t rows_per_batch, int num_partitions,
                       int64_t start_timestamp_ms, int64_t advance_ms);
  static engine::SourceOffset ToOffset(const Position& p);
  // REQUIRES: an offset of this source (ParseOffset accepted its text).
  Position PositionOf(const engine::SourceOffset& o) const;

  std::string name_;
  engine::Schema schema_;
  int64_t rows_per_batch_;
  int num_partitions_;
  int64_t start_timestamp_ms_;
  int64_t advance_ms_;
};

}  // namespace sluice::connectors::files
