// Source: where a streaming query's input comes from.
//
// A source's position is a SourceOffset, JSON text only the source reads. The engine asks for
// the latest offset under a read limit, logs it in `offsets/N` as the end of batch N, reads each
// of the source's partitions between batch N's start (batch N-1's end, or InitialOffset) and that
// end, and acknowledges an offset once a batch that ends there is committed (Commit), after which
// the source may discard that input. At recovery a logged offset comes back through ParseOffset.
//
// Rules: Read returns the same rows for the same range for as long as the range is not
// committed, across engine restarts. LatestOffset never goes backwards. A source outlives the
// queries that read it (it models an external system).
#pragma once

#include <optional>
#include <string>

#include "engine/io/source_offset.h"
#include "engine/types/record_batch.h"
#include "storage/clock.h"
#include "storage/log_entries.h"
#include "storage/source_log.h"

namespace sluice::engine {

using storage::PartitionOffsets;

// How much new input one batch may take from a source.
struct ReadLimit {
  std::optional<int64_t> max_rows;                  // nullopt: everything available
  std::optional<int64_t> max_files = std::nullopt;  // a file source's maxFilesPerTrigger
  std::optional<int64_t> max_bytes = std::nullopt;  // a file source's maxBytesPerTrigger
  // Trigger.AvailableNow: the latest offset when the query started; a source never goes past it.
  std::optional<SourceOffset> upto = std::nullopt;
  static ReadLimit All() { return {}; }
};

// What a query gives a source when it starts (Source::Open). The pointers stay valid until the
// query stops; a source opened by a later run gets new ones.
struct SourceContext {
  int index = 0;         // the source's place in the query: n of sources/<n>, its line in offsets/N
  std::string query_id;  // the checkpoint's
  storage::SourceLog* log = nullptr;  // sources/<n>/ in the checkpoint
  storage::Clock* clock = nullptr;    // the query's clock
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
  // Called by each run of a query before it plans a batch, after recovery has read the logs: the
  // source reads back, or writes, what it keeps in its directory of the checkpoint.
  virtual Status Open(const SourceContext& context) { return Status::Ok(); }
  // Where the source starts: the start of batch 0 (never logged).
  virtual SourceOffset InitialOffset() const = 0;
  // The offset a logged text stands for; an error (the caller adds the file) says why the text
  // is not an offset of this source (malformed, another partition count, ...).
  virtual Result<SourceOffset> ParseOffset(const std::string& json) const = 0;
  // Trigger.AvailableNow: called once when the query starts, before any LatestOffset. Returns
  // the offset the query must not read past (ReadLimit::upto), or nullopt when the source keeps
  // that bound itself (a file source remembers the files listed now). By default, the latest
  // offset without a limit.
  virtual Result<std::optional<SourceOffset>> PrepareForAvailableNow(const SourceOffset& start);
  // The newest end offset, at most `limit` past `start`.
  virtual Result<SourceOffset> LatestOffset(const SourceOffset& start, const ReadLimit& limit) = 0;
  // The newest offset the source knows of, without a read limit, for progress (`latestOffset`);
  // nullopt when it does not say. No side effects: the engine calls it once a batch, after
  // LatestOffset, which is where a source may record what it hands out.
  virtual std::optional<SourceOffset> ReportLatestOffset() const { return std::nullopt; }
  // The rows of `partition` after `start`, up to and including `end`'s position.
  virtual Result<RecordBatch> Read(int partition, const SourceOffset& start,
                                   const SourceOffset& end) = 0;
  // The engine will never ask for input at or before `end` again.
  virtual Status Commit(const SourceOffset& end) = 0;
};

// Splits `limit` rows over partitions in proportion to each one's backlog, rounding so that the
// total is exact and no partition with backlog starves. Used by sources with a max-rows limit.
PartitionOffsets ApplyRowLimit(const PartitionOffsets& start, const PartitionOffsets& latest,
                               int64_t limit);

}  // namespace sluice::engine
