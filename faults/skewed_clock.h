// SkewedClock: a clock that can jump forward or backward, as a wall clock does when NTP steps
// it or an operator sets it. It reads the clock below plus an offset that Jump changes; sleeping
// until a time it shows sleeps until the matching time below.
//
// Rules: only the engine sees the skew. The simulator's scheduler keeps the true clock, so
// simulated events still happen in order.
#pragma once

#include <cstdint>

#include "storage/clock.h"

namespace sluice::faults {

class SkewedClock : public storage::ClockWrapper {
 public:
  explicit SkewedClock(storage::Clock* target) : ClockWrapper(target) {}

  // Moves the time this clock shows by `us` (negative: backwards).
  void Jump(int64_t us) { offset_us_ += us; }
  int64_t offset_us() const { return offset_us_; }
  // The time below that this clock shows as `shown_us`.
  int64_t ToTarget(int64_t shown_us) const { return shown_us - offset_us_; }

  int64_t NowMicros() override { return target()->NowMicros() + offset_us_; }
  void SleepUntilMicros(int64_t when_us) override { target()->SleepUntilMicros(ToTarget(when_us)); }

 private:
  int64_t offset_us_ = 0;
};

}  // namespace sluice::faults
