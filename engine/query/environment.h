// Environment: the outside world a query runs in, chosen by the composition root (a production
// main or the simulator's world). The engine never names a concrete file system or clock.
//
// Rules: every pointer outlives the queries started with it. `checkpoint_fs` is rooted at the
// query's checkpoint directory. `new_id` returns a fresh unique id (query and run ids); a
// simulation makes it deterministic.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engine/plan/scheduler.h"
#include "engine/query/batch_rules.h"
#include "spec/protocol.h"
#include "storage/clock.h"
#include "storage/file_system.h"
#include "storage/state_store.h"

namespace sluice::engine {

// Opens the state store of one operator partition, with the arguments of StateStore's
// constructor.
using StateStoreFactory = std::function<std::unique_ptr<storage::StateStore>(
    storage::FileSystem* fs, const spec::Protocol& protocol, spec::TransitionListener* listener,
    std::string dir, storage::StateStoreOptions options)>;

struct Environment {
  storage::FileSystem* checkpoint_fs = nullptr;
  storage::Clock* clock = nullptr;
  Scheduler* scheduler = nullptr;
  spec::TransitionListener* transition_listener = nullptr;  // may be null
  const spec::Protocol* protocol = &spec::kStandardProtocol;
  std::function<std::string()> new_id;
  const BatchRules* batch_rules = &StandardBatchRules();
  StateStoreFactory open_state_store;  // empty: storage::StateStore
};

}  // namespace sluice::engine
