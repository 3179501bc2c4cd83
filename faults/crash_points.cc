#include "faults/crash_points.h"

namespace sluice::faults {

void CrashPoints::Pass(std::string_view where) {
  ++passed_;
  if (observer_) observer_(passed_, where);
  if (armed_ && *armed_ == passed_) {
    armed_.reset();
    throw SimulatedCrash{passed_, std::string(where)};
  }
}

}  // namespace sluice::faults
