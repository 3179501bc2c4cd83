// Scheduler: runs the partition tasks of a batch. Production uses a thread pool; a simulation
// runs the tasks one at a time in a seeded order. Either way the engine combines task outputs in
// partition order, so results never depend on the scheduler.
//
// Rules: RunAll returns only when every task has finished. Tasks must not throw except to model a
// crash in a simulation; they report failures through their own result slots.
#pragma once

#include <functional>
#include <vector>

namespace sluice::engine {

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  virtual void RunAll(std::vector<std::function<void()>>& tasks) = 0;
};

// Runs tasks in order on the calling thread.
class InlineScheduler : public Scheduler {
 public:
  void RunAll(std::vector<std::function<void()>>& tasks) override {
    for (auto& t : tasks) t();
  }
};

}  // namespace sluice::engine
