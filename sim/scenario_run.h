// One run of a scenario (tests/scenarios/FORMAT.md) for the scenario runner: its query, started
// on a simulated disk and clock, with each step played against it and each expectation checked.
// Internal to scenario_runner.cc; scenario_run.cc drives the query through the steps and
// scenario_run_checks.cc checks the expectations.
//
// Rules: a run with a crash point crashes there, loses what the crash state drops from the disk,
// and restarts from the checkpoint; its expectations must hold all the same.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/memory_sink.h"
#include "engine/query/progress.h"
#include "engine/query/streaming_query.h"
#include "faults/crash_state.h"
#include "sim/rng.h"
#include "sim/scenario_query.h"
#include "sim/sim_environment.h"

namespace sluice::sim {

// Every progress report of the scenario's queries, by batch id (a re-run batch's report replaces
// the first). A batch that committed in a run that then crashed may have no report: its process
// died before reporting, as a Spark driver's would.
class ProgressLog : public engine::QueryListener {
 public:
  void OnQueryProgress(const engine::StreamingQueryProgress& p) override {
    by_batch_[p.batch_id] = p;
  }
  const std::map<int64_t, engine::StreamingQueryProgress>& by_batch() const { return by_batch_; }

 private:
  std::map<int64_t, engine::StreamingQueryProgress> by_batch_;
};

// One run of a scenario: builds its query, starts it on its own simulated disk and clock and plays
// its steps. With `crash_point` set, the run crashes there (under `state`) and restarts; a run
// without one counts the crash points that crash runs can arm. Use each object for one Run.
class ScenarioRun {
 public:
  ScenarioRun(const nlohmann::json& scenario, std::optional<int64_t> crash_point,
              faults::CrashState state)
      : scenario_(scenario),
        state_(state),
        rng_(Rng::ForStream(crash_point.value_or(0), 7)),
        sim_(Rng::ForStream(crash_point.value_or(0), 8), "scenario-") {
    if (crash_point) sim_.points.Arm(*crash_point);
  }

  // OK when every expectation held; otherwise the first one that did not, with its step.
  // REQUIRES: CheckScenarioKeys(scenario) passed.
  Status Run();
  // Set after Run: what the query needs that is not built yet (the scenario is skipped).
  std::optional<std::string> needs() const { return query_.needs; }
  // The crash points the run passed: a plain run's count is how many crash runs follow it.
  int64_t points() const { return sim_.points.passed(); }
  // Progress assertions not checked because a crash took a committed batch's report with it.
  int64_t unverifiable_checks() const { return unverifiable_checks_; }

 private:
  using Rows = std::vector<std::vector<engine::Value>>;

  template <typename Op>
  Status Guarded(Op op);
  Status EnsureRunning();
  Status RunDue();
  Status Drain();
  Status Compile(bool expects_failure);
  Status RunSteps(const nlohmann::json& steps);
  Status Step(const nlohmann::json& step);
  Status Add(const nlohmann::json& adds);
  Status Start(const nlohmann::json& start);
  Status Stop();
  Status AdvanceClock(int64_t ms);
  Status CheckSink(const std::string& kind, const nlohmann::json& expected, bool sorted);
  Status CheckRows(const nlohmann::json& expected, const Rows& actual, bool sorted);
  Status CheckBatchesRun(int64_t want);
  Status ExpectFailure(bool at_start, const nlohmann::json& fragments);
  Status CheckProgress(const std::string& kind, const nlohmann::json& expected);
  Status CheckWatermark(int64_t last, int64_t want);
  Status CheckStateRows(const nlohmann::json& expected);
  Status CheckEventTimeStats(const nlohmann::json& expected);
  Result<int64_t> LastBatchId();
  Result<std::optional<int64_t>> LastBatchWithInput(int64_t last);
  engine::DataStreamWriter Writer();

  const nlohmann::json& scenario_;
  faults::CrashState state_;
  Rng rng_;  // crash-state draws
  SimEnvironment sim_;
  ScenarioQuery query_;
  engine::Schema output_schema_;
  engine::QueryOptions options_;
  std::shared_ptr<engine::MemorySink> sink_ = std::make_shared<engine::MemorySink>();
  std::unique_ptr<engine::StreamingQuery> q_;
  bool should_run_ = false;
  size_t rows_at_last_check_ = 0;
  int crashes_ = 0;
  ProgressLog progress_;
  int64_t last_state_check_batch_ = -1;
  int64_t unverifiable_checks_ = 0;
  bool restart_may_hold_watermark_ = false;
};

}  // namespace sluice::sim
