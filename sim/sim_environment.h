// SimEnvironment: the simulator's composition of an engine Environment. A simulated disk under
// the fault layer (crash points on every storage operation, then slowness, then I/O-error
// injection above it, whose fsync failures with Linux semantics reach the disk), a simulated
// clock that the engine sees through a skew that can jump, the seeded scheduler and a transition
// listener that makes every machine transition a crash point. The World, the scenario runner and
// the model tests all build their engines on it, so all of them crash and fail the engine the same
// way.
//
// Rules: members are built in place and never move (the environment holds their addresses).
#pragma once

#include <string>

#include "engine/query/environment.h"
#include "faults/crash_points.h"
#include "faults/crashing_file_system.h"
#include "faults/crashing_listener.h"
#include "faults/error_injecting_file_system.h"
#include "faults/skewed_clock.h"
#include "faults/slow_file_system.h"
#include "sim/deterministic_scheduler.h"
#include "sim/sim_disk.h"

namespace sluice::sim {

struct SimEnvironment {
  // `task_rng` orders partition tasks; `id_prefix` starts every query and run id.
  SimEnvironment(Rng task_rng, std::string id_prefix,
                 faults::CrashPoints::Observer observer = nullptr)
      : task_rng(task_rng), points(std::move(observer)), prefix(std::move(id_prefix)) {
    disk.SetClock(&clock);  // files carry the simulated time of their writes (Stat)
    env.checkpoint_fs = &errors_fs;
    env.clock = &skewed_clock;
    errors_fs.OnLostSync([this](const std::string& path) { disk.FailSync(path); });
    env.scheduler = &scheduler;
    env.transition_listener = &listener;
    env.new_id = [this] { return prefix + std::to_string(ids++); };
  }
  SimEnvironment(const SimEnvironment&) = delete;
  SimEnvironment& operator=(const SimEnvironment&) = delete;

  Rng task_rng;
  SimClock clock;                            // true simulated time: the scheduler's
  faults::SkewedClock skewed_clock{&clock};  // the engine's
  SimDisk disk;
  faults::CrashPoints points;
  faults::CrashingFileSystem crashing_fs{&disk, &points};
  faults::SlowFileSystem slow_fs{&crashing_fs, &clock};
  faults::ErrorInjectingFileSystem errors_fs{&slow_fs};
  faults::CrashingListener listener{&points};
  DeterministicScheduler scheduler{&task_rng, &clock};
  engine::Environment env;
  std::string prefix;
  int ids = 0;
};

}  // namespace sluice::sim
