#include "engine/io/memory_sink.h"

namespace sluice::engine {

Status MemorySink::AddBatch(const std::string& /*query_id*/, int64_t batch_id,
                            const RecordBatch& rows, OutputMode mode) {
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

}  // namespace sluice::engine
