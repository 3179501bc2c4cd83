// Clock: the one source of time for the engine. Production uses RealClock; a simulation uses a
// simulated clock whose time moves only when the simulator moves it.
//
// Rules: NowMicros never goes backwards within one clock unless a fault injector says so;
// SleepUntilMicros returns at once if the time has passed.
#pragma once

#include <cstdint>

namespace sluice::storage {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMicros() = 0;
  virtual void SleepUntilMicros(int64_t when_us) = 0;
};

class ClockWrapper : public Clock {
 public:
  explicit ClockWrapper(Clock* target) : target_(target) {}
  int64_t NowMicros() override { return target_->NowMicros(); }
  void SleepUntilMicros(int64_t when_us) override { target_->SleepUntilMicros(when_us); }

 protected:
  Clock* target() const { return target_; }

 private:
  Clock* target_;
};

}  // namespace sluice::storage
