// RecordingSink: the simulator's sink, an external system that survives engine crashes. It
// records every AddBatch attempt (so the oracle can compare re-runs byte for byte) and stores
// the batches it accepts. Idempotent on the batch id unless built as the known-wrong variant.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/io/sink.h"

namespace sluice::sim {

class RecordingSink : public engine::Sink {
 public:
  struct Attempt {
    std::string query_id;
    int64_t batch_id;
    std::string bytes;
  };

  explicit RecordingSink(bool idempotent) : idempotent_(idempotent) {}
  // The canary mutant: the first non-empty batch stored loses its last row.
  void ArmCanary() { canary_armed_ = true; }
  bool canary_fired() const { return canary_fired_; }
  // An outage of the external system: AddBatch fails with kUnavailable and stores nothing.
  void SetAvailable(bool available) { available_ = available; }
  int64_t refused() const { return refused_; }
  std::string Describe() const override { return "RecordingSink"; }
  Status AddBatch(const std::string& query_id, int64_t batch_id, const engine::RecordBatch& rows,
                  engine::OutputMode mode) override;

  const std::vector<Attempt>& attempts() const { return attempts_; }
  const std::vector<std::pair<int64_t, engine::RecordBatch>>& stored() const { return stored_; }

 private:
  bool idempotent_;
  bool canary_armed_ = false;
  bool available_ = true;
  int64_t refused_ = 0;
  bool canary_fired_ = false;
  std::vector<Attempt> attempts_;
  std::vector<std::pair<int64_t, engine::RecordBatch>> stored_;
};

}  // namespace sluice::sim
