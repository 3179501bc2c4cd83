// ForeachBatchSink: hands each batch to a user function (Spark's foreachBatch).
#pragma once

#include <functional>
#include <mutex>
#include <optional>

#include "engine/io/sink.h"

namespace sluice::engine {

// Hands each batch to a user function with its batch id (and, for the second form, the query id);
// a batch id at or below the last one delivered by this sink object is skipped. The skip lasts as
// long as the object: a function that must be exactly-once across process restarts dedupes on
// (query id, batch id) itself.
class ForeachBatchSink : public Sink {
 public:
  using Callback = std::function<Status(const RecordBatch& rows, int64_t batch_id)>;
  using QueryCallback =
      std::function<Status(const RecordBatch& rows, int64_t batch_id, const std::string& query_id)>;
  explicit ForeachBatchSink(Callback callback)
      : callback_([f = std::move(callback)](const RecordBatch& rows, int64_t batch_id,
                                            const std::string&) { return f(rows, batch_id); }) {}
  explicit ForeachBatchSink(QueryCallback callback) : callback_(std::move(callback)) {}
  std::string Describe() const override { return "ForeachBatchSink"; }
  Status AddBatch(const std::string& query_id, int64_t batch_id, const RecordBatch& rows,
                  OutputMode mode) override;

 private:
  QueryCallback callback_;
  std::mutex mu_;
  std::optional<int64_t> last_delivered_;
};

}  // namespace sluice::engine
