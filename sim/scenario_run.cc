// ScenarioRun driving its query: starting and stopping it, adding rows, advancing the clock and
// playing the steps, each under the guard that restarts the query after a simulated crash.
#include "sim/scenario_run.h"

#include <algorithm>

#include "connectors/pipeline/query_values.h"
#include "engine/types/duration.h"
#include "sim/scenario_keys.h"

namespace sluice::sim {
namespace {

using nlohmann::json;
using Row = std::vector<engine::Value>;
using Rows = std::vector<Row>;
constexpr int kMaxDueTriggers = 100000;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The rows of one add, each checked against its source's schema before any reaches the source.
Result<Rows> RowsOfAdd(const json& add, const ScenarioQuery& query) {
  const json& name = add["source"];
  auto input = name.is_string() ? query.inputs.find(name.get<std::string>()) : query.inputs.end();
  if (input == query.inputs.end()) {
    std::string known;
    for (const auto& [n, unused] : query.inputs) known += (known.empty() ? "" : ", ") + n;
    const std::string shown = name.is_string() ? "'" + name.get<std::string>() + "'" : name.dump();
    return Status::InvalidArgument("source " + shown + " is not an input (inputs: " + known + ")");
  }
  const json& rows = add["rows"];
  if (!rows.is_array()) return Status::InvalidArgument("rows: expected a list, got " + rows.dump());
  Rows out;
  for (size_t r = 0; r < rows.size(); ++r) {
    SLUICE_ASSIGN_OR_RETURN(
        Row row, connectors::pipeline::JsonToRow(
                     rows[r], "rows[" + std::to_string(r) + "] of '" + input->first + "'",
                     input->second.source->schema(), input->second.timestamp_ms));
    out.push_back(std::move(row));
  }
  return out;
}

bool ExpectsFailure(const json& steps) {
  return std::any_of(steps.begin(), steps.end(), [](const json& step) {
    return step.contains("expect_failure") || step.contains("expect_failure_at_start");
  });
}

// FORMAT.md: a scenario whose first step is not a start starts the query before its first step.
bool StartsImplicitly(const json& steps) {
  return steps.empty() ||
         !(steps[0].contains("start") || steps[0].contains("expect_failure_at_start"));
}

}  // namespace

engine::DataStreamWriter ScenarioRun::Writer() {
  engine::DataStreamWriter w = query_.stream->WriteStream();
  w.Options(options_).To(sink_).AddListener(&progress_);
  return w;
}

// Runs `op`; a simulated crash inside it loses the engine's memory and whatever the crash state
// drops from the disk, then `op` runs again against a restarted query.
template <typename Op>
Status ScenarioRun::Guarded(Op op) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    try {
      return op();
    } catch (const faults::SimulatedCrash&) {
      ++crashes_;
      q_.reset();
      sim_.disk.Crash(state_, rng_);
    }
  }
  return Status::FailedPrecondition("the operation crashed three times");
}

Status ScenarioRun::EnsureRunning() {
  if (!should_run_ || (q_ && q_->IsActive())) return Status::Ok();
  q_.reset();
  SLUICE_ASSIGN_OR_RETURN(q_, Writer().Start(sim_.env));
  if (query_.manual_clock) return RunDue();
  return Status::Ok();
}

Status ScenarioRun::RunDue() {
  for (int i = 0; i < kMaxDueTriggers && q_ && q_->IsActive(); ++i) {
    if (q_->NextTriggerDueMicros() > sim_.clock.NowMicros()) return Status::Ok();
    SLUICE_RETURN_IF_ERROR(q_->RunTrigger().status());
  }
  return Status::Ok();
}

Status ScenarioRun::Drain() {
  return Guarded([&]() -> Status {
    SLUICE_RETURN_IF_ERROR(EnsureRunning());
    if (!q_ || !q_->IsActive() || query_.manual_clock) return Status::Ok();
    return q_->ProcessAllAvailable();
  });
}

Status ScenarioRun::Start(const json& start) {
  options_ = query_.options;
  if (start.contains("trigger")) {
    SLUICE_ASSIGN_OR_RETURN(options_.trigger,
                            connectors::pipeline::ParseTrigger(start["trigger"], "start.trigger"));
  }
  if (start.contains("conf"))
    SLUICE_RETURN_IF_ERROR(connectors::pipeline::ApplyConf(start["conf"], "start.conf", &options_));
  should_run_ = true;
  return Guarded([&]() -> Status {
    SLUICE_RETURN_IF_ERROR(EnsureRunning());
    if (options_.trigger.StopsByItself()) {
      SLUICE_RETURN_IF_ERROR(q_->AwaitTermination());
      should_run_ = false;
      q_.reset();
    }
    return Status::Ok();
  });
}

Status ScenarioRun::Stop() {
  return Guarded([&]() -> Status {
    if (q_) q_->Stop();
    q_.reset();
    should_run_ = false;
    return Status::Ok();
  });
}

Status ScenarioRun::AdvanceClock(int64_t ms) {
  sim_.clock.AdvanceBy(engine::MicrosFromMillis(ms));
  return Guarded([&]() -> Status {
    SLUICE_RETURN_IF_ERROR(EnsureRunning());
    return RunDue();
  });
}

// Every add of the step is checked before any reaches its source, so that a mistake in one add of
// an add_multi leaves no half of the step behind.
Status ScenarioRun::Add(const json& adds) {
  std::vector<std::pair<engine::MemorySource*, Rows>> checked;
  for (size_t i = 0; i < adds.size(); ++i) {
    Result<Rows> rows = RowsOfAdd(adds[i], query_);
    if (!rows.ok()) {
      return adds.size() == 1 ? rows.status()
                              : rows.status().WithContext("add_multi[" + std::to_string(i) + "]");
    }
    checked.emplace_back(query_.inputs.at(adds[i]["source"].get<std::string>()).source.get(),
                         std::move(rows).value());
  }
  for (const auto& [source, rows] : checked) SLUICE_RETURN_IF_ERROR(source->AddRows(rows));
  return Status::Ok();
}

Status ScenarioRun::ExpectFailure(bool at_start, const json& fragments) {
  Status st =
      at_start ? Guarded([&]() -> Status { return Writer().Start(sim_.env).status(); }) : Drain();
  q_.reset();
  should_run_ = false;
  if (st.ok()) return Status::FailedPrecondition("expected a failure, but the query ran");
  for (const json& f : fragments.is_array() ? fragments : json::array({fragments})) {
    if (Lower(st.message()).find(Lower(f.get<std::string>())) == std::string::npos) {
      return Status::FailedPrecondition("failure '" + st.message() + "' lacks '" +
                                        f.get<std::string>() + "'");
    }
  }
  return Status::Ok();
}

Status ScenarioRun::Step(const json& step) {
  const std::string kind = StepKind(step);
  const json& value = step[kind];
  if (kind == "add") return Add(json::array({value}));
  if (kind == "add_multi") return Add(value);
  if (kind == "start") return Start(value);
  if (kind == "stop") return Stop();
  if (kind == "process_all_available") return Drain();
  if (kind == "advance_clock_ms") return AdvanceClock(value.get<int64_t>());
  if (kind == "check_all" || kind == "check_new" || kind == "check_last_batch") {
    return CheckSink(kind, value, step.value("sorted", false));
  }
  if (kind == "assert_state_rows" || kind == "assert_watermark_ms" ||
      kind == "assert_event_time_stats") {
    return CheckProgress(kind, value);
  }
  if (kind == "assert_batches_run") return CheckBatchesRun(value.get<int64_t>());
  if (kind == "expect_failure" || kind == "expect_failure_at_start") {
    return ExpectFailure(kind == "expect_failure_at_start", value);
  }
  SLUICE_CHECK(false, "CheckScenarioKeys let through a step kind that Step does not know");
  return Status::InvalidArgument("unknown step '" + kind + "'");
}

// Each step's failure names the step (counted from 1) and its kind; a value of the wrong JSON
// type is such a failure, not an exception that would stop the cases after this one.
Status ScenarioRun::RunSteps(const json& steps) {
  for (size_t i = 0; i < steps.size(); ++i) {
    Status st = Status::Ok();
    try {
      st = Step(steps[i]);
    } catch (const json::exception& e) {
      st = Status::InvalidArgument(std::string("malformed value: ") + e.what());
    }
    if (!st.ok()) {
      return st.WithContext("step " + std::to_string(i + 1) + " (" + StepKind(steps[i]) + ")");
    }
  }
  return Status::Ok();
}

// A query that cannot start is checked by its expect_failure step, which starts it again.
Status ScenarioRun::Compile(bool expects_failure) {
  auto plan = engine::CompilePlan(query_.stream->plan());
  if (!plan.ok()) return expects_failure ? Status::Ok() : plan.status();
  output_schema_ = plan->output_schema;
  restart_may_hold_watermark_ =
      plan->watermarks.size() > 1 && query_.options.watermark_policy == "min";
  return Status::Ok();
}

Status ScenarioRun::Run() {
  SLUICE_ASSIGN_OR_RETURN(query_, BuildScenarioQuery(scenario_["query"]));
  if (query_.needs) return Status::Ok();
  const json& steps = scenario_["steps"];
  const bool expects_failure = ExpectsFailure(steps);
  SLUICE_RETURN_IF_ERROR(Compile(expects_failure));
  options_ = query_.options;
  if (StartsImplicitly(steps)) {
    Status st = Start(json::object());
    if (!st.ok() && !expects_failure) return st;
  }
  return RunSteps(steps);
}

}  // namespace sluice::sim
