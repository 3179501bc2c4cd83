// CrashingListener: makes every machine transition a crash point (after the transition's durable
// effect, before the next state's action), then forwards it to an optional next listener.
#pragma once

#include <array>
#include <string>

#include "faults/crash_points.h"
#include "spec/protocol.h"

namespace sluice::faults {

class CrashingListener : public spec::TransitionListener {
 public:
  explicit CrashingListener(CrashPoints* points) : points_(points) {}
  // Hears every transition before it becomes a crash point (the simulator's coverage).
  void SetNext(spec::TransitionListener* next) { next_ = next; }
  void OnTransition(spec::MachineId machine, int from, int event, int to) override {
    if (next_) next_->OnTransition(machine, from, event, to);
    points_->Pass(Where(machine, from, to));
  }

 private:
  // "micro_batch idle->planning", built once per (machine, from, to).
  const std::string& Where(spec::MachineId machine, int from, int to) {
    std::string& where = names_[static_cast<size_t>(machine)][from & 15][to & 15];
    if (where.empty()) {
      where = std::string(spec::MachineName(machine)) + ' ' +
              std::string(spec::StateNameOf(machine, from)) + "->" +
              std::string(spec::StateNameOf(machine, to));
    }
    return where;
  }

  CrashPoints* points_;
  spec::TransitionListener* next_ = nullptr;
  std::string names_[4][16][16];  // every machine has at most 16 states
};

}  // namespace sluice::faults
