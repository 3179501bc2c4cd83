#include "engine/io/foreach_batch_sink.h"

#include <string>

namespace sluice::engine {

Status ForeachBatchSink::AddBatch(const std::string& query_id, int64_t batch_id,
                                  const RecordBatch& rows, OutputMode) {
  std::lock_guard lock(mu_);
  if (last_delivered_ && batch_id <= *last_delivered_) return Status::Ok();
  Status st = callback_(rows, batch_id, query_id);
  if (!st.ok()) return st.WithContext("foreach-batch function, batch " + std::to_string(batch_id));
  last_delivered_ = batch_id;
  return Status::Ok();
}

}  // namespace sluice::engine
