// Known-wrong engine choices, as strategy objects that sim/mutants.cc composes into a query: batch
// rules other than the standard ones (engine/query/batch_rules.h), and a state store that loads
// the wrong version. The engine steps them exactly as it steps the standard ones.
#pragma once

#include <memory>
#include <string>

#include "engine/query/batch_rules.h"
#include "engine/query/environment.h"
#include "storage/state_store.h"

namespace sluice::sim {

// Numbers batches by the clock instead of the log: ids skip or repeat when it jumps (mutant
// batch-ids-from-clock).
const engine::BatchRules& BatchIdsFromClockRules();
// Re-runs an uncommitted batch under the next id instead of its logged one (mutant
// new-batch-id-on-recommit).
const engine::BatchRules& NewIdOnReplayRules();
// Resumes with the watermark the last batch ran with, not the one commits/L logged for the next
// (mutant watermark-from-wrong-batch).
const engine::BatchRules& WatermarkFromWrongBatchRules();

// A state store whose Load(V) loads the newest version on disk instead of V, so that a re-run
// applies its updates a second time (mutant state-reads-newest-version).
class NewestVersionStateStore : public storage::StateStore {
 public:
  using StateStore::StateStore;
  Status Load(int64_t version) override;
};

// Opens NewestVersionStateStore for every operator partition.
engine::StateStoreFactory NewestVersionStateStores();

}  // namespace sluice::sim
