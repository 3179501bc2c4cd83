// Environment: the outside world a query runs in, chosen by the composition root (a production
// main or the simulator's world). The engine never names a concrete file system or clock.
//
// Rules: every pointer outlives the queries started with it. `checkpoint_fs` is rooted at the
// query's checkpoint directory. `new_id` returns a fresh unique id (query and run ids); a
// simulation makes it deterministic.
#pragma once

#include <functional>
#include <string>

#include "engine/scheduler.h"
#include "spec/protocol.h"
#include "storage/clock.h"
#include "storage/file_system.h"

namespace sluice::engine {

// Known-wrong behaviours. Each exists only so that a simulator mutant can switch it on and show
// that the oracle catches it; production code never sets one.
struct Deviations {
  bool state_reads_newest_version = false;  // a re-run batch reads state newer than its own
  bool watermark_from_wrong_batch = false;  // a restart takes the last batch's own watermark
  bool maintenance_before_commit = false;   // state cleanup before commits/N, keeping one version
};

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
