#include "runtime/thread_pool_scheduler.h"

#include "spec/check.h"

namespace sluice::runtime {

ThreadPoolScheduler::ThreadPoolScheduler(int threads) {
  SLUICE_CHECK(threads >= 1, "a pool has at least one thread");
  for (int i = 1; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

ThreadPoolScheduler::~ThreadPoolScheduler() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (auto& t : threads_) t.join();
}

std::function<void()> ThreadPoolScheduler::Pop(bool wait) {
  std::unique_lock lock(mu_);
  if (wait) work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
  if (queue_.empty()) return {};
  std::function<void()> task = std::move(queue_.front());
  queue_.pop_front();
  return task;
}

void ThreadPoolScheduler::Work() {
  while (std::function<void()> task = Pop(/*wait=*/true)) task();
}

void ThreadPoolScheduler::RunAll(std::vector<std::function<void()>>& tasks) {
  if (threads_.empty() || tasks.size() <= 1) {
    for (auto& t : tasks) t();
    return;
  }
  std::mutex done_mu;
  std::condition_variable done_cv;
  size_t remaining = tasks.size();
  {
    std::lock_guard lock(mu_);
    for (auto& t : tasks) {
      queue_.push_back([&t, &done_mu, &done_cv, &remaining] {
        t();
        std::lock_guard done_lock(done_mu);
        if (--remaining == 0) done_cv.notify_all();
      });
    }
  }
  // One task fewer than the pool's threads need waking: the caller takes the first.
  for (size_t i = 1; i < tasks.size() && i <= threads_.size(); ++i) work_ready_.notify_one();
  while (std::function<void()> task = Pop(/*wait=*/false)) task();
  std::unique_lock lock(done_mu);
  done_cv.wait(lock, [&] { return remaining == 0; });
}

}  // namespace sluice::runtime
