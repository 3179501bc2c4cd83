#include "engine/query/batch_rules.h"

namespace sluice::engine {
namespace {

class Standard final : public BatchRules {
 public:
  int64_t PlannedBatchId(int64_t next_logged_id, int64_t) const override { return next_logged_id; }
  int64_t ReplayedBatchId(int64_t logged_id) const override { return logged_id; }
  int64_t ResumedWatermarkMs(int64_t, int64_t logged_next_ms) const override {
    return logged_next_ms;
  }
};

}  // namespace

const BatchRules& StandardBatchRules() {
  static const Standard rules;
  return rules;
}

}  // namespace sluice::engine
