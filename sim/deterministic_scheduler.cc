#include "sim/deterministic_scheduler.h"

#include <numeric>

namespace sluice::sim {

void DeterministicScheduler::RunAll(std::vector<std::function<void()>>& tasks) {
  std::vector<size_t> order(tasks.size());
  std::iota(order.begin(), order.end(), 0);
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng_->Uniform(i)]);
  for (size_t i : order) tasks[i]();
}

void DeterministicScheduler::At(int64_t when_us, std::function<void()> event) {
  events_.emplace(std::make_pair(when_us, sequence_++), std::move(event));
}

bool DeterministicScheduler::RunNext() {
  if (events_.empty()) return false;
  auto it = events_.begin();
  std::function<void()> event = std::move(it->second);
  clock_->AdvanceTo(it->first.first);
  events_.erase(it);
  event();
  return true;
}

}  // namespace sluice::sim
