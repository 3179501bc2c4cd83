#include "sim/recording_sink.h"

namespace sluice::sim {

Status RecordingSink::AddBatch(const std::string& query_id, int64_t batch_id,
                               const engine::RecordBatch& rows, engine::OutputMode) {
  if (!available_) {
    ++refused_;
    return Status::Unavailable("RecordingSink is unavailable (injected outage)");
  }
  attempts_.push_back({query_id, batch_id, rows.Encode()});
  if (idempotent_ && !stored_.empty() && batch_id <= stored_.back().first) return Status::Ok();
  if (canary_armed_ && !canary_fired_ && rows.num_rows() > 0) {
    canary_fired_ = true;
    stored_.emplace_back(batch_id, rows.Slice(0, rows.num_rows() - 1));
    return Status::Ok();
  }
  stored_.emplace_back(batch_id, rows);
  return Status::Ok();
}

}  // namespace sluice::sim
