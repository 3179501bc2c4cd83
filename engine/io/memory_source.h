// MemorySource: an in-memory source with several partitions, for tests, simulations and
// applications that feed rows themselves.
//
// Offsets count entries per partition: rows, and the empty marker that an AddRows with no rows
// appends (so that, as with Spark's MemoryStream, an empty add is a new offset and makes a
// batch). AddRows spreads rows over partitions round-robin; Commit discards acknowledged entries,
// and reading a discarded range is a DataLoss error (the source cannot serve it again).
// Rows that do not fit the schema are an InvalidArgument error naming the row and column, and
// nothing of that call is added. Thread-safe: rows may be added while a query reads.
#pragma once

#include <deque>
#include <mutex>
#include <vector>

#include "engine/io/source.h"

namespace sluice::engine {

// A source whose rows the caller adds; see the top of this file.
class MemorySource : public Source {
 public:
  // REQUIRES: partitions >= 1.
  MemorySource(std::string name, Schema schema, int partitions, ReadLimit limit = {});

  std::string Name() const override { return name_; }
  std::string Description() const override { return "MemoryStream[" + name_ + "]"; }
  const Schema& schema() const override { return schema_; }
  int NumPartitions() const override { return static_cast<int>(partitions_.size()); }
  ReadLimit DefaultReadLimit() const override { return limit_; }
  // Offsets are `{"partitions": [e0, e1, ...]}`: per partition, the end of what was read.
  SourceOffset InitialOffset() const override;
  Result<SourceOffset> ParseOffset(const std::string& json) const override;
  Result<SourceOffset> LatestOffset(const SourceOffset& start, const ReadLimit& limit) override;
  std::optional<SourceOffset> ReportLatestOffset() const override { return ToOffset(EndOffsets()); }
  Result<RecordBatch> Read(int partition, const SourceOffset& start,
                           const SourceOffset& end) override;
  Status Commit(const SourceOffset& end) override;

  // The same on this source's own offsets (per partition, exclusive ends): rows of `partition`
  // in [start, end).
  Result<PartitionOffsets> LatestOffsets(const PartitionOffsets& start, const ReadLimit& limit);
  Result<RecordBatch> Read(int partition, int64_t start, int64_t end);
  Status Commit(const PartitionOffsets& end);
  static SourceOffset ToOffset(const PartitionOffsets& offsets);
  // The partition offsets of an offset of this source. REQUIRES: it is one (ParseOffset).
  PartitionOffsets FromOffset(const SourceOffset& offset) const;

  // Appends `rows`, spread round-robin over the partitions. Each row must have one value per
  // schema field, null or of the field's type (a timestamp is an int64 of microseconds);
  // otherwise returns InvalidArgument naming the first bad row and column, and adds nothing.
  Status AddRows(const std::vector<std::vector<Value>>& rows);
  // As AddRows, all into `partition`; a partition the source does not have is InvalidArgument.
  Status AddRowsTo(int partition, const std::vector<std::vector<Value>>& rows);
  // Appends a whole batch to `partition`, column by column (for callers that build columns, such
  // as benchmarks). The batch's field names and types must be the schema's; otherwise, or for a
  // partition the source does not have, returns InvalidArgument and adds nothing.
  Status AddBatchTo(int partition, const RecordBatch& rows);
  PartitionOffsets EndOffsets() const;

 private:
  // The rows of one partition from offset `discarded` on, in chunks: each AddBatchTo batch is a
  // chunk of its own, and AddRows rows gather in a chunk that takes rows until a batch is added
  // or a commit reaches into it. So a read of exactly one added batch shares its columns, and a
  // commit frees every chunk it passes.
  struct Partition {
    std::deque<RecordBatch> chunks;  // no chunk is empty
    size_t skip = 0;                 // rows at the front of chunks.front() already discarded
    size_t num_rows = 0;             // rows held, after `skip`
    bool back_takes_rows = false;    // AppendRow may append to chunks.back()
    int64_t discarded = 0;           // offsets below this were committed and dropped
    std::vector<int64_t> markers;    // offsets (ascending, >= discarded) of empty adds

    int64_t end() const;
    // The index among the rows held of the first row at or after `offset`.
    size_t RowIndex(int64_t offset) const;
    // Rows [begin, end) of those held: the whole of one chunk is shared; part of one is sliced;
    // rows of several chunks are concatenated.
    RecordBatch Rows(const Schema& schema, size_t begin, size_t end) const;
    // Drops the first `n` rows held.
    void DropRows(size_t n);
    void AppendRow(const Schema& schema, const std::vector<Value>& row);
  };
  // OK when every row fits the schema; else the error AddRows returns. Reads only immutable
  // members, so it runs before the lock is taken.
  Status CheckRows(const std::vector<std::vector<Value>>& rows) const;
  Status CheckPartition(int partition) const;

  std::string name_;
  Schema schema_;
  ReadLimit limit_;
  mutable std::mutex mu_;
  std::vector<Partition> partitions_;
  size_t next_partition_ = 0;
};

}  // namespace sluice::engine
