// RateSource: Spark's `rate` source. Values 0, 1, 2, ... at `rowsPerSecond`, reached after
// `rampUpTime` seconds of a linear ramp, each row stamped with the time it is due, counted from
// the source's start time. The start time is written once, the first time a query opens the
// source, in `sources/<n>/0` of the checkpoint, so that a restarted query goes on with the same
// values at the same timestamps.
//
// Schema: `timestamp TIMESTAMP, value BIGINT`. The offset is the number of whole seconds since
// the start time, as a bare JSON number (Spark's LongOffset); a batch reads the values due in
// (start second, end second]. Read limits do not apply; under Trigger.AvailableNow the query
// reads up to the second reached when it started.
//
// Values (Spark's RateStreamProvider.valueAtSecond): with d = rowsPerSecond / (rampUpTime + 1),
// the values due by second s are d * s * (s + 1) / 2 while s <= rampUpTime, then
// rowsPerSecond more each second. A value v of the batch (s1, s2] covering values [lo, hi) is due
// at start + s1 * 1000 + round((v - lo) * (s2 - s1) * 1000 / (hi - lo)) ms, and goes to
// partition (v - lo) mod numPartitions.
//
// A source object serves one query (one checkpoint's start time): Open by another query is
// refused. Options (Create): rowsPerSecond (positive, 1 by default), rampUpTime (a duration, whole
// seconds, not negative, 0 by default), numPartitions (positive; 1 by default, where Spark takes
// the cluster's default parallelism). Anything else is refused.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "engine/io/source.h"

namespace sluice::connectors::files {

class RateSource : public engine::Source {
 public:
  static Result<std::shared_ptr<RateSource>> Create(
      std::string name, const std::map<std::string, std::string>& options);

  // The values due by second `seconds`. REQUIRES: it fits a long (MaxSeconds).
  static int64_t ValueAtSecond(int64_t seconds, int64_t rows_per_second, int64_t ramp_up_seconds);

  std::string Name() const override { return name_; }
  std::string Description() const override;
  const engine::Schema& schema() const override { return schema_; }
  int NumPartitions() const override { return num_partitions_; }
  // Reads the start time from sources/<n>/0, or writes the clock's time there.
  Status Open(const engine::SourceContext& context) override;
  engine::SourceOffset InitialOffset() const override { return {"0"}; }
  Result<engine::SourceOffset> ParseOffset(const std::string& json) const override;
  Result<engine::SourceOffset> LatestOffset(const engine::SourceOffset& start,
                                            const engine::ReadLimit& limit) override;
  // The second reached now (as LatestOffset without a limit, not moving the source's time).
  std::optional<engine::SourceOffset> ReportLatestOffset() const override;
  Result<engine::RecordBatch> Read(int partition, const engine::SourceOffset& start,
                                   const engine::SourceOffset& end) override;
  Status Commit(const engine::SourceOffset&) override { return Status::Ok(); }

 private:
  RateSource(std::string name, int64_t rows_per_second, int64_t ramp_up_seconds, int num_partitions,
             bool partitions_given);
  // The last second whose values fit a long.
  int64_t MaxSeconds() const { return INT64_MAX / rows_per_second_; }
  static int64_t SecondsOf(const engine::SourceOffset& o);
  // Refuses a second past the last value (MaxSeconds) or the last timestamp from `start_ms`.
  Status CheckReachable(int64_t seconds, int64_t start_ms) const;

  std::string name_;
  engine::Schema schema_;
  int64_t rows_per_second_;
  int64_t ramp_up_seconds_;
  int num_partitions_;
  bool partitions_given_;
  mutable std::mutex mu_;
  std::optional<std::string> query_id_;   // the query it serves: set by the first Open
  storage::Clock* clock_ = nullptr;       // set by Open
  std::optional<int64_t> start_time_ms_;  // set by Open
  int64_t last_time_ms_ = 0;              // never goes back, whatever the clock does
};

}  // namespace sluice::connectors::files
