// Scheduler: runs the partition tasks of a batch. Production uses a thread pool; a simulation
// runs the tasks one at a time in a seeded order. Either way the engine combines task outputs in
// partition order, so results never depend on the scheduler.
//
// Rules: RunAll returns only when every task has finished. Tasks must not throw except to model a
// crash in a simulation; they report failures through their own result slots.
#pragma once

#include <functional>
#include <vector>

#include "storage/status.h"

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

// Runs fn(0), ..., fn(n-1) as one RunAll; the first error in index order wins, whatever order
// the tasks ran in.
inline Status RunTasks(Scheduler& scheduler, size_t n, const std::function<Status(size_t)>& fn) {
  std::vector<Status> results(n);
  std::vector<std::function<void()>> tasks;
  tasks.reserve(n);
  for (size_t i = 0; i < n; ++i) tasks.emplace_back([&, i] { results[i] = fn(i); });
  scheduler.RunAll(tasks);
  for (Status& st : results) SLUICE_RETURN_IF_ERROR(st);
  return Status::Ok();
}

}  // namespace sluice::engine
