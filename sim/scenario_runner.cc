#include "sim/scenario_runner.h"

#include <algorithm>
#include <cstdio>

#include "engine/sink.h"
#include "sim/scenario_query.h"
#include "sim/sim_environment.h"

namespace sluice::sim {
namespace {

using nlohmann::json;
constexpr int kMaxDueTriggers = 100000;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.9g", v);
  return buf;
}

// A canonical text of one cell, equal for values the format calls equal.
std::string CanonicalCell(const engine::Value& v, engine::DataType type) {
  if (engine::IsNull(v)) return "null";
  switch (type) {
    case engine::DataType::kDouble: return Num(std::get<double>(v));
    case engine::DataType::kTimestamp: return Num(std::get<int64_t>(v) / 1e6);
    case engine::DataType::kString: return "\"" + std::get<std::string>(v) + "\"";
    default: return engine::ValueToString(v);
  }
}

std::string CanonicalJsonCell(const json& cell, engine::DataType type) {
  if (cell.is_null()) return "null";
  if (type == engine::DataType::kTimestamp || type == engine::DataType::kDouble) {
    return cell.is_number() ? Num(cell.get<double>()) : cell.dump();
  }
  if (type == engine::DataType::kString) return cell.is_string() ? "\"" + cell.get<std::string>() + "\"" : cell.dump();
  return cell.dump();
}

class ScenarioRun {
 public:
  ScenarioRun(const json& scenario, std::optional<int64_t> crash_point, faults::CrashState state)
      : scenario_(scenario),
        state_(state),
        rng_(Rng::ForStream(crash_point.value_or(0), 7)),
        sim_(Rng::ForStream(crash_point.value_or(0), 8), "scenario-") {
    if (crash_point) sim_.points.Arm(*crash_point);
  }

  // OK when every expectation held; otherwise the first one that did not, with its step.
  Status Run();
  std::optional<std::string> needs() const { return query_.needs; }
  int64_t points() const { return sim_.points.passed(); }
  bool crashed() const { return crashes_ > 0; }

 private:
  template <typename Op>
  Status Guarded(Op op);
  Status EnsureRunning();
  Status RunDue();
  Status Step(const json& step);
  Status Start(const json& step);
  Status Drain();
  Status CheckRows(const json& expected, const std::vector<std::vector<engine::Value>>& actual,
                   const std::string& what);
  engine::DataStreamWriter Writer() const;

  const json& scenario_;
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
};

engine::DataStreamWriter ScenarioRun::Writer() const {
  engine::DataStreamWriter w = query_.stream->WriteStream();
  w.Options(options_).To(sink_);
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

Status ScenarioRun::Start(const json& step) {
  options_ = query_.options;
  const json& s = step["start"];
  if (s.contains("trigger")) {
    SLUICE_ASSIGN_OR_RETURN(options_.trigger, ParseTrigger(s["trigger"]));
  }
  if (s.contains("conf")) SLUICE_RETURN_IF_ERROR(ApplyConf(s["conf"], &options_));
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

Status ScenarioRun::CheckRows(const json& expected,
                              const std::vector<std::vector<engine::Value>>& actual,
                              const std::string& what) {
  std::vector<std::string> want, got;
  for (const json& row : expected) {
    std::string key;
    for (size_t c = 0; c < row.size() && c < output_schema_.fields.size(); ++c) {
      key += CanonicalJsonCell(row[c], output_schema_.fields[c].type) + ",";
    }
    want.push_back(key);
  }
  for (const auto& row : actual) {
    std::string key;
    for (size_t c = 0; c < row.size(); ++c) {
      key += CanonicalCell(row[c], output_schema_.fields[c].type) + ",";
    }
    got.push_back(key);
  }
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  if (want == got) return Status::Ok();
  std::string msg = what + ": expected " + std::to_string(want.size()) + " rows {";
  for (const auto& w : want) msg += "[" + w + "]";
  msg += "} got " + std::to_string(got.size()) + " rows {";
  for (const auto& g : got) msg += "[" + g + "]";
  return Status::FailedPrecondition(msg + "}");
}

Status ScenarioRun::Step(const json& step) {
  if (step.contains("add") || step.contains("add_multi")) {
    const json adds = step.contains("add") ? json::array({step["add"]}) : step["add_multi"];
    for (const json& a : adds) {
      auto& src = query_.inputs.at(a.at("source").get<std::string>());
      std::vector<std::vector<engine::Value>> rows;
      for (const json& r : a.at("rows")) {
        std::vector<engine::Value> row;
        for (size_t c = 0; c < src->schema().fields.size(); ++c) {
          SLUICE_ASSIGN_OR_RETURN(engine::Value v, JsonToValue(r.at(c), src->schema().fields[c].type, false));
          row.push_back(std::move(v));
        }
        rows.push_back(std::move(row));
      }
      src->AddRows(rows);
    }
    return Status::Ok();
  }
  if (step.contains("start")) return Start(step);
  if (step.contains("stop")) {
    return Guarded([&]() -> Status {
      if (q_) q_->Stop();
      q_.reset();
      should_run_ = false;
      return Status::Ok();
    });
  }
  if (step.contains("process_all_available")) return Drain();
  if (step.contains("advance_clock_ms")) {
    sim_.clock.AdvanceBy(step["advance_clock_ms"].get<int64_t>() * 1000);
    return Guarded([&]() -> Status {
      SLUICE_RETURN_IF_ERROR(EnsureRunning());
      return RunDue();
    });
  }
  if (step.contains("check_all") || step.contains("check_new") || step.contains("check_last_batch")) {
    SLUICE_RETURN_IF_ERROR(Drain());
    const auto all = sink_->AllRows();
    if (step.contains("check_all")) {
      rows_at_last_check_ = all.size();
      return CheckRows(step["check_all"], all, "check_all");
    }
    if (step.contains("check_new")) {
      std::vector<std::vector<engine::Value>> fresh(all.begin() + std::min(rows_at_last_check_, all.size()), all.end());
      rows_at_last_check_ = all.size();
      return CheckRows(step["check_new"], fresh, "check_new");
    }
    return CheckRows(step["check_last_batch"], sink_->LastBatchRows(), "check_last_batch");
  }
  if (step.contains("assert_batches_run")) {
    storage::Checkpoint checkpoint(&sim_.disk, spec::kStandardProtocol, nullptr);
    SLUICE_ASSIGN_OR_RETURN(std::vector<int64_t> commits, checkpoint.commits().ListIds());
    const int64_t run = commits.empty() ? 0 : commits.back() + 1;
    const int64_t want = step["assert_batches_run"].get<int64_t>();
    if (run == want) return Status::Ok();
    return Status::FailedPrecondition("assert_batches_run: expected " + std::to_string(want) +
                                      " batches committed, found " + std::to_string(run));
  }
  if (step.contains("expect_failure") || step.contains("expect_failure_at_start")) {
    const bool at_start = step.contains("expect_failure_at_start");
    const json frag = at_start ? step["expect_failure_at_start"] : step["expect_failure"];
    Status st = at_start ? Guarded([&]() -> Status { return Writer().Start(sim_.env).status(); })
                         : Drain();
    q_.reset();
    should_run_ = false;
    if (st.ok()) return Status::FailedPrecondition("expected a failure, but the query ran");
    for (const json& f : frag.is_array() ? frag : json::array({frag})) {
      if (Lower(st.message()).find(Lower(f.get<std::string>())) == std::string::npos) {
        return Status::FailedPrecondition("failure '" + st.message() + "' lacks '" +
                                          f.get<std::string>() + "'");
      }
    }
    return Status::Ok();
  }
  return Status::InvalidArgument("unknown step " + step.dump());
}

Status ScenarioRun::Run() {
  SLUICE_ASSIGN_OR_RETURN(query_, BuildScenarioQuery(scenario_.at("query")));
  if (query_.needs) return Status::Ok();
  SLUICE_ASSIGN_OR_RETURN(engine::CompiledPlan plan, engine::CompilePlan(query_.stream->plan()));
  output_schema_ = plan.output_schema;
  options_ = query_.options;
  const json& steps = scenario_.at("steps");
  const bool implicit_start = steps.empty() || !(steps[0].contains("start") ||
                                                 steps[0].contains("expect_failure_at_start"));
  if (implicit_start) SLUICE_RETURN_IF_ERROR(Start(json{{"start", json::object()}}));
  for (size_t i = 0; i < steps.size(); ++i) {
    Status st = Step(steps[i]);
    if (!st.ok()) return st.WithContext("step " + std::to_string(i + 1));
  }
  return Status::Ok();
}

}  // namespace

ScenarioOutcome RunScenario(const json& scenario, bool crash_everywhere) {
  ScenarioOutcome out;
  ScenarioRun plain(scenario, std::nullopt, {});
  Status st = plain.Run();
  if (plain.needs()) return {ScenarioOutcome::Kind::kSkipped, "needs " + *plain.needs(), 0};
  if (!st.ok()) return {ScenarioOutcome::Kind::kFailed, st.message(), 0};
  if (!crash_everywhere) return out;
  const auto variants = faults::AllCrashVariants();
  for (int64_t point = 1; point <= plain.points(); ++point) {
    const faults::CrashState state = variants[point % variants.size()];
    ScenarioRun run(scenario, point, state);
    Status crashed = run.Run();
    ++out.crash_runs;
    if (!crashed.ok()) {
      return {ScenarioOutcome::Kind::kFailed,
              "with a crash at point " + std::to_string(point) + " (" + state.Name() +
                  "): " + crashed.message(),
              out.crash_runs};
    }
  }
  return out;
}

}  // namespace sluice::sim
