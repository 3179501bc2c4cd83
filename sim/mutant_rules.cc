#include "sim/mutant_rules.h"

#include <algorithm>

namespace sluice::sim {
namespace {

class FromStandard : public engine::BatchRules {
 public:
  int64_t PlannedBatchId(int64_t next_logged_id, int64_t now_ms) const override {
    return engine::StandardBatchRules().PlannedBatchId(next_logged_id, now_ms);
  }
  int64_t ReplayedBatchId(int64_t logged_id) const override {
    return engine::StandardBatchRules().ReplayedBatchId(logged_id);
  }
  int64_t ResumedWatermarkMs(int64_t ran_with_ms, int64_t logged_next_ms) const override {
    return engine::StandardBatchRules().ResumedWatermarkMs(ran_with_ms, logged_next_ms);
  }
};

class IdsFromClock final : public FromStandard {
 public:
  int64_t PlannedBatchId(int64_t, int64_t now_ms) const override {
    return std::max<int64_t>(0, now_ms / 100);
  }
};

class NewIdOnReplay final : public FromStandard {
 public:
  int64_t ReplayedBatchId(int64_t logged_id) const override { return logged_id + 1; }
};

class WatermarkFromWrongBatch final : public FromStandard {
 public:
  int64_t ResumedWatermarkMs(int64_t ran_with_ms, int64_t) const override { return ran_with_ms; }
};

}  // namespace

const engine::BatchRules& BatchIdsFromClockRules() {
  static const IdsFromClock rules;
  return rules;
}

const engine::BatchRules& NewIdOnReplayRules() {
  static const NewIdOnReplay rules;
  return rules;
}

const engine::BatchRules& WatermarkFromWrongBatchRules() {
  static const WatermarkFromWrongBatch rules;
  return rules;
}

Status NewestVersionStateStore::Load(int64_t version) {
  SLUICE_ASSIGN_OR_RETURN(int64_t newest, NewestVersionOnDisk());
  return StateStore::Load(std::max(version, newest));
}

engine::StateStoreFactory NewestVersionStateStores() {
  return [](storage::FileSystem* fs, const spec::Protocol& protocol,
            spec::TransitionListener* listener, std::string dir,
            storage::StateStoreOptions options) -> std::unique_ptr<storage::StateStore> {
    return std::make_unique<NewestVersionStateStore>(fs, protocol, listener, std::move(dir),
                                                     options);
  };
}

}  // namespace sluice::sim
