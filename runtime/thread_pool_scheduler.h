// ThreadPoolScheduler: runs partition tasks on a fixed pool of threads (production).
#pragma once

#include <condition_variable>
#include <deque>
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
  std::mutex mu_;
  std::condition_variable work_ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace sluice::runtime
