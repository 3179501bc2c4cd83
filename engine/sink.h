// Sink: where a query's output goes, one batch at a time.
//
// Rules: AddBatch(N, rows) may be called again with the same N after a crash, with the same rows;
// a sink must make the second call a no-op (idempotent on the batch id). Output modes: append and
// update add the batch's rows; complete replaces everything with the batch's rows.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/record_batch.h"

namespace sluice::engine {

enum class OutputMode : uint8_t { kAppend, kUpdate, kComplete };
std::string_view OutputModeName(OutputMode mode);
Result<OutputMode> ParseOutputMode(std::string_view name);

class Sink {
 public:
  virtual ~Sink() = default;
  virtual std::string Describe() const = 0;
  virtual Status AddBatch(int64_t batch_id, const RecordBatch& rows, OutputMode mode) = 0;
};

// Keeps every batch in memory; ignores a batch id at or below the last one it stored, as Spark's
// memory sink does. Thread-safe.
class MemorySink : public Sink {
 public:
  std::string Describe() const override { return "MemorySink"; }
  Status AddBatch(int64_t batch_id, const RecordBatch& rows, OutputMode mode) override;

  // Every row the sink holds, batch by batch (complete mode: the last batch's rows).
  std::vector<std::vector<Value>> AllRows() const;
  // The rows of the last batch stored, if any.
  std::vector<std::vector<Value>> LastBatchRows() const;
  std::optional<int64_t> LastBatchId() const;
  size_t BatchCount() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::pair<int64_t, RecordBatch>> batches_;
};

// Hands each batch to a user function with its batch id; a batch id at or below the last one
// delivered by this sink object is skipped. The skip lasts as long as the object: a function that
// must be exactly-once across process restarts dedupes on (query id, batch id) itself.
class ForeachBatchSink : public Sink {
 public:
  using Callback = std::function<Status(const RecordBatch& rows, int64_t batch_id)>;
  explicit ForeachBatchSink(Callback callback) : callback_(std::move(callback)) {}
  std::string Describe() const override { return "ForeachBatchSink"; }
  Status AddBatch(int64_t batch_id, const RecordBatch& rows, OutputMode mode) override;

 private:
  Callback callback_;
  std::mutex mu_;
  std::optional<int64_t> last_delivered_;
};

}  // namespace sluice::engine
