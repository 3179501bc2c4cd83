// MemorySink: keeps every batch in memory, for tests, simulations and applications that read
// the result themselves.
#pragma once

#include <mutex>
#include <optional>
#include <vector>

#include "engine/io/sink.h"

namespace sluice::engine {

// Keeps every batch in memory; ignores a batch id at or below the last one it stored, as Spark's
// memory sink does. Thread-safe.
class MemorySink : public Sink {
 public:
  std::string Describe() const override { return "MemorySink"; }
  Status AddBatch(const std::string& query_id, int64_t batch_id, const RecordBatch& rows,
                  OutputMode mode) override;

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

}  // namespace sluice::engine
