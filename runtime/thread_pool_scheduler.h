// ThreadPoolScheduler: runs partition tasks on `threads` threads (production): the thread that
// calls RunAll and a pool of threads - 1 more.
//
// Rules: RunAll returns once every one of its tasks has run. The calling thread takes tasks from
// the queue as the pool's threads do, so that no task waits for a thread to wake while the caller
// idles, and a batch of one task, or a scheduler of one thread, runs on the caller alone.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/plan/scheduler.h"

namespace sluice::runtime {

using engine::Scheduler;

class ThreadPoolScheduler : public Scheduler {
 public:
  // REQUIRES: threads >= 1.
  explicit ThreadPoolScheduler(int threads);
  ~ThreadPoolScheduler() override;
  void RunAll(std::vector<std::function<void()>>& tasks) override;

 private:
  void Work();
  // Takes the queue's first task off it; an empty function where there is none (after waiting,
  // when `wait`, until there is one or the pool stops).
  std::function<void()> Pop(bool wait);
  std::mutex mu_;
  std::condition_variable work_ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace sluice::runtime
