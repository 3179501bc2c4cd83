// SimClock: simulated time. It moves only when the simulator moves it; sleeping jumps to the
// wake-up time at once, so a simulated hour costs nothing.
#pragma once

#include <algorithm>

#include "storage/clock.h"

namespace sluice::sim {

class SimClock : public storage::Clock {
 public:
  explicit SimClock(int64_t start_us = 0) : now_us_(start_us) {}
  int64_t NowMicros() override { return now_us_; }
  void SleepUntilMicros(int64_t when_us) override { now_us_ = std::max(now_us_, when_us); }
  void AdvanceTo(int64_t when_us) { now_us_ = std::max(now_us_, when_us); }
  void AdvanceBy(int64_t us) { now_us_ += us; }

 private:
  int64_t now_us_;
};

}  // namespace sluice::sim
