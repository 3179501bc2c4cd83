// RealClock: the wall clock, for production. Never used in spec/, storage/, engine/ or sim/
// code paths other than the composition root.
#pragma once

#include "storage/clock.h"

namespace sluice::storage {

class RealClock : public Clock {
 public:
  int64_t NowMicros() override;
  void SleepUntilMicros(int64_t when_us) override;
};

}  // namespace sluice::storage
