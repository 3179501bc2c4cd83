// Environment: the outside world a query runs in, chosen by the composition root (a production
// main or the simulator's world). The engine never names a concrete file system or clock.
//
// Rules: every pointer outlives the queries started with it. `checkpoint_fs` is rooted at the
// query's checkpoint directory. `new_id` returns a fresh unique id (query and run ids); a
// simulation makes it deterministic.
#pragma once

#include <functional>
#include <string>

#include "engine/plan/scheduler.h"
#include "spec/protocol.h"
#include "storage/clock.h"
#include "storage/deviations.h"
#include "storage/file_system.h"

namespace sluice::engine {

// Known-wrong behaviours that only simulator mutants switch on (storage/deviations.h).
using Deviations = storage::Deviations;

struct Environment {
  storage::FileSystem* checkpoint_fs = nullptr;
  storage::Clock* clock = nullptr;
  Scheduler* scheduler = nullptr;
  spec::TransitionListener* transition_listener = nullptr;  // may be null
  const spec::Protocol* protocol = &spec::kStandardProtocol;
  std::function<std::string()> new_id;
  Deviations deviations;
};

}  // namespace sluice::engine
