// Source: where a streaming query's input comes from.
//
// A source has partitions, each with an int64 offset that only grows; PartitionOffsets holds the
// exclusive end offset of each. The engine asks for the latest offsets under a read limit, reads
// the half-open ranges [start, end) of each partition, and acknowledges offsets once a batch
// that ends there is committed (Commit), after which the source may discard that input.
//
// Rules: Read returns the same rows for the same range for as long as the range is not
// committed, across engine restarts. LatestOffsets never goes backwards. A source outlives the
// queries that read it (it models an external system).
#pragma once

#include <optional>
#include <string>

#include "engine/types/record_batch.h"
#include "storage/log_entries.h"

namespace sluice::engine {

using storage::PartitionOffsets;

// How much new input one batch may take from a source.
struct ReadLimit {
  std::optional<int64_t> max_rows;  // nullopt: everything available
  static ReadLimit All() { return {}; }
};

class Source {
 public:
  virtual ~Source() = default;
  virtual std::string Name() const = 0;
  // What progress reports show for the source (`sources[].description`), in the form Spark's
  // source of the same kind shows: `MemoryStream[name]`, `RateStreamV2[...]`.
  virtual std::string Description() const = 0;
  virtual const Schema& schema() const = 0;
  virtual int NumPartitions() const = 0;
  // The limit the source applies unless a trigger overrides it (Once reads everything).
  virtual ReadLimit DefaultReadLimit() const { return ReadLimit::All(); }
  // The newest end offsets, at most `limit` rows past `start` in total.
  virtual Result<PartitionOffsets> LatestOffsets(const PartitionOffsets& start,
                                                 const ReadLimit& limit) = 0;
  // Rows of `partition` in [start, end).
  virtual Result<RecordBatch> Read(int partition, int64_t start, int64_t end) = 0;
  // The engine will never ask for offsets below `end` again.
  virtual Status Commit(const PartitionOffsets& end) = 0;
};

// Splits `limit` rows over partitions in proportion to each one's backlog, rounding so that the
// total is exact and no partition with backlog starves. Used by sources with a max-rows limit.
PartitionOffsets ApplyRowLimit(const PartitionOffsets& start, const PartitionOffsets& latest,
                               int64_t limit);

}  // namespace sluice::engine
