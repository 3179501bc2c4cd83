// Hears every transition that any machine takes. The simulator implements it to number crash
// points and to hash its trace; production passes nullptr.
//
// Rules: OnTransition is called before the new state's action runs, so a listener that stops the
// process there models a crash right after the transition's durable effect.
#pragma once

#include <cstdint>
#include <string_view>

namespace sluice::spec {

enum class MachineId : uint8_t { kQuery, kMicroBatch, kAtomicPublish, kRecovery };

std::string_view MachineName(MachineId machine);

class TransitionListener {
 public:
  virtual ~TransitionListener() = default;
  virtual void OnTransition(MachineId machine, int from, int event, int to) = 0;
};

}  // namespace sluice::spec
