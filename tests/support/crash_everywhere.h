// Crash-everywhere loops for tests: a run crashed at each of its crash points, under each of the
// deterministic crash states (what survives of unsynced data and names).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "faults/crash_state.h"

namespace sluice::testing {

// Everything unsynced lost; everything kept; unsynced data torn with the names kept.
inline std::vector<faults::CrashState> DeterministicCrashStates() {
  return {faults::CrashState{faults::UnsyncedData::kLost, faults::UnsyncedNames::kLost},
          faults::CrashState{faults::UnsyncedData::kKept, faults::UnsyncedNames::kKept},
          faults::CrashState{faults::UnsyncedData::kTorn, faults::UnsyncedNames::kKept}};
}

// Calls run(point, state) for points 1..points under each state; stops at the first failure.
inline void ForEachCrash(int64_t points,
                         const std::function<void(int64_t, const faults::CrashState&)>& run) {
  for (const faults::CrashState& state : DeterministicCrashStates()) {
    for (int64_t point = 1; point <= points; ++point) {
      run(point, state);
      if (::testing::Test::HasFailure()) return;
    }
  }
}

}  // namespace sluice::testing
