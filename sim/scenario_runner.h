// Runs the scenarios of tests/scenarios/FORMAT.md against a simulated disk and clock, with a
// memory source per input and a memory sink, and checks their expectations.
//
// With crash_everywhere a scenario is first run plainly to count its crash points, then once per
// crash point with a crash there (under a crash state that cycles through every variant) and a
// restart from the checkpoint; every run must meet every expectation.
//
// A mistake in a case (malformed JSON, a key the format does not define, an add to an unknown
// source, a row of the wrong width) fails that case with a message naming the step and the field,
// and never stops the cases after it.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace sluice::sim {

struct ScenarioOutcome {
  enum class Kind : uint8_t { kPassed, kFailed, kSkipped };
  Kind kind = Kind::kPassed;
  std::string detail;      // why it failed, or what it needs that is not built yet
  int64_t crash_runs = 0;  // runs with a crash (crash_everywhere)
  // Progress assertions not checked because a crash took a committed batch's report with it.
  int64_t unverifiable_checks = 0;
};

ScenarioOutcome RunScenario(const nlohmann::json& scenario, bool crash_everywhere);

struct ScenarioFileOptions {
  bool crash_everywhere = false;
  std::string only;  // non-empty: run only the case with this id
};

// One case of a file: its id (file:line when it has none or is not JSON) and how it went.
struct CaseReport {
  std::string name;
  ScenarioOutcome outcome;
};

// Runs every case of `text`, the contents of the scenario file `file` (one JSON object a line;
// blank lines are ignored), and hands each report to `on_case` as soon as it is known. A line
// that is not a JSON object is a failed case, with the line and column of the error.
void RunScenarioFile(std::string_view text, const std::string& file,
                     const ScenarioFileOptions& options,
                     const std::function<void(const CaseReport&)>& on_case);

// The line sluice-scenario prints for a case: "ID: PASS", "ID: FAIL: why", "ID: skipped: why".
std::string FormatCaseReport(const CaseReport& report, bool crash_everywhere);

}  // namespace sluice::sim
