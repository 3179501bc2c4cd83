// CrashingListener: makes every machine transition a crash point (after the transition's durable
// effect, before the next state's action), then forwards it to an optional next listener.
#pragma once

#include <string>

#include "faults/crash_points.h"
#include "spec/protocol.h"

namespace sluice::faults {

class CrashingListener : public spec::TransitionListener {
 public:
  explicit CrashingListener(CrashPoints* points) : points_(points) {}
  void OnTransition(spec::MachineId machine, int from, int event, int to) override {
    std::string where(spec::MachineName(machine));
    where += ' ';
    where += spec::StateNameOf(machine, from);
    where += "->";
    where += spec::StateNameOf(machine, to);
    points_->Pass(where);
  }

 private:
  CrashPoints* points_;
};

}  // namespace sluice::faults
