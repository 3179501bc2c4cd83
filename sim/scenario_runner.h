// Runs one scenario of ../shared/scenarios/FORMAT.md against a simulated disk and clock, with a
// memory source per input and a memory sink, and checks its expectations.
//
// With crash_everywhere the scenario is first run plainly to count its crash points, then once
// per crash point with a crash there (under a crash state that cycles through every variant) and
// a restart from the checkpoint; every run must meet every expectation.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace sluice::sim {

struct ScenarioOutcome {
  enum class Kind : uint8_t { kPassed, kFailed, kSkipped };
  Kind kind = Kind::kPassed;
  std::string detail;      // why it failed, or what it needs
  int64_t crash_runs = 0;  // runs with a crash (crash_everywhere)
  // Progress assertions not checked because a crash took a committed batch's report with it.
  int64_t unverifiable_checks = 0;
};

ScenarioOutcome RunScenario(const nlohmann::json& scenario, bool crash_everywhere);

}  // namespace sluice::sim
