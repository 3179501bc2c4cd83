// DeterministicScheduler: the simulation's scheduler. Partition tasks run one at a time on the
// calling thread in an order drawn from the seed; timed events run in (time, insertion) order,
// with the simulated clock jumping to each event's time.
#pragma once

#include <functional>
#include <map>
#include <utility>

#include "engine/plan/scheduler.h"
#include "sim/rng.h"
#include "sim/sim_clock.h"

namespace sluice::sim {

class DeterministicScheduler : public engine::Scheduler {
 public:
  DeterministicScheduler(Rng* rng, SimClock* clock) : rng_(rng), clock_(clock) {}

  void RunAll(std::vector<std::function<void()>>& tasks) override;

  void At(int64_t when_us, std::function<void()> event);
  // Runs the earliest event, moving the clock to its time. Returns false when none is left.
  bool RunNext();
  bool Empty() const { return events_.empty(); }
  int64_t NextEventTime() const { return events_.begin()->first.first; }

 private:
  Rng* rng_;
  SimClock* clock_;
  uint64_t sequence_ = 0;
  std::map<std::pair<int64_t, uint64_t>, std::function<void()>> events_;
};

}  // namespace sluice::sim
