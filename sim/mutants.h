// The catalogue of known-wrong protocol variants. Each one is a different machine table (from
// spec/protocol_variants.h), a different component, or one of the engine's named Deviations;
// the simulator must report violations for every one of them.
#pragma once

#include <string_view>
#include <vector>

#include "engine/query/environment.h"
#include "spec/protocol.h"

namespace sluice::sim {

struct Mutant {
  std::string_view name;
  std::string_view breaks;  // what it breaks, one line
  spec::Protocol protocol;
  bool idempotent_sink = true;
  engine::Deviations deviations;  // known-wrong storage and engine behaviour
  // The canary: the sink alters one stored batch in a known fraction of seeds (kCanaryFraction),
  // chosen by CanaryArmed. The simulator must report exactly those seeds.
  bool canary = false;
};

inline constexpr double kCanaryFraction = 0.1;
bool CanaryArmed(uint64_t seed);

const std::vector<Mutant>& AllMutants();
const Mutant* FindMutant(std::string_view name);

}  // namespace sluice::sim
