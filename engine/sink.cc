#include "engine/sink.h"

namespace sluice::engine {

std::string_view OutputModeName(OutputMode mode) {
  switch (mode) {
    case OutputMode::kAppend: return "append";
    case OutputMode::kUpdate: return "update";
    case OutputMode::kComplete: return "complete";
  }
  return "?";
}

Result<OutputMode> ParseOutputMode(std::string_view name) {
  if (name == "append") return OutputMode::kAppend;
  if (name == "update") return OutputMode::kUpdate;
  if (name == "complete") return OutputMode::kComplete;
  return Status::InvalidArgument("unknown output mode '" + std::string(name) +
                                 "' (append, update or complete)");
}

Status MemorySink::AddBatch(int64_t batch_id, const RecordBatch& rows, OutputMode mode) {
  std::lock_guard lock(mu_);
  if (!batches_.empty() && batch_id <= batches_.back().first) return Status::Ok();
  if (mode == OutputMode::kComplete) batches_.clear();
  batches_.emplace_back(batch_id, rows);
  return Status::Ok();
}

std::vector<std::vector<Value>> MemorySink::AllRows() const {
  std::lock_guard lock(mu_);
  std::vector<std::vector<Value>> out;
  for (const auto& [id, batch] : batches_) {
    for (size_t r = 0; r < batch.num_rows(); ++r) out.push_back(batch.Row(r));
  }
  return out;
}

std::vector<std::vector<Value>> MemorySink::LastBatchRows() const {
  std::lock_guard lock(mu_);
  std::vector<std::vector<Value>> out;
  if (batches_.empty()) return out;
  const RecordBatch& batch = batches_.back().second;
  for (size_t r = 0; r < batch.num_rows(); ++r) out.push_back(batch.Row(r));
  return out;
}

std::optional<int64_t> MemorySink::LastBatchId() const {
  std::lock_guard lock(mu_);
  if (batches_.empty()) return std::nullopt;
  return batches_.back().first;
}

size_t MemorySink::BatchCount() const {
  std::lock_guard lock(mu_);
  return batches_.size();
}

Status ForeachBatchSink::AddBatch(int64_t batch_id, const RecordBatch& rows, OutputMode) {
  std::lock_guard lock(mu_);
  if (last_delivered_ && batch_id <= *last_delivered_) return Status::Ok();
  Status st = callback_(rows, batch_id);
  if (!st.ok()) return st.WithContext("foreach-batch function, batch " + std::to_string(batch_id));
  last_delivered_ = batch_id;
  return Status::Ok();
}

}  // namespace sluice::engine
