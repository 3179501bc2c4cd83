#include "storage/real_clock.h"

#include <chrono>
#include <thread>

namespace sluice::storage {

int64_t RealClock::NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void RealClock::SleepUntilMicros(int64_t when_us) {
  const int64_t now = NowMicros();
  if (when_us > now) std::this_thread::sleep_for(std::chrono::microseconds(when_us - now));
}

}  // namespace sluice::storage
