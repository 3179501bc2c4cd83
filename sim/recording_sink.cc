#include "sim/recording_sink.h"

namespace sluice::sim {

Status RecordingSink::AddBatch(int64_t batch_id, const engine::RecordBatch& rows,
                               engine::OutputMode) {
  attempts_.push_back({batch_id, rows.Encode()});
  if (idempotent_ && !stored_.empty() && batch_id <= stored_.back().first) return Status::Ok();
  stored_.emplace_back(batch_id, rows);
  return Status::Ok();
}

}  // namespace sluice::sim
