// ForeachBatchSink: hands each batch to a user function (Spark's foreachBatch).
#pragma once

#include <functional>
#include <mutex>
#include <optional>

#include "engine/io/sink.h"

namespace sluice::engine {

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
