#include "sim/scenario_runner.h"

#include <algorithm>
#include <cstdio>

#include "engine/io/memory_sink.h"
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

// Every progress report of the scenario's queries, by batch id (a re-run batch's report replaces
// the first). A batch that committed in a run that then crashed may have no report: its process
// died before reporting, as a Spark driver's would.
class ProgressLog : public engine::QueryListener {
 public:
  void OnQueryProgress(const engine::StreamingQueryProgress& p) override { by_batch_[p.batch_id] = p; }
  const std::map<int64_t, engine::StreamingQueryProgress>& by_batch() const { return by_batch_; }

 private:
  std::map<int64_t, engine::StreamingQueryProgress> by_batch_;
};

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
  int64_t unverifiable_checks() const { return unverifiable_checks_; }

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
  Status CheckProgress(const json& step);
  Status CheckStateRows(const json& expected);
  Status CheckEventTimeStats(const json& expected);
  Result<int64_t> LastBatchId();
  Result<std::optional<int64_t>> LastBatchWithInput(int64_t last);
  engine::DataStreamWriter Writer();

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
  ProgressLog progress_;
  int64_t last_state_check_batch_ = -1;
  int64_t unverifiable_checks_ = 0;
  bool restart_may_hold_watermark_ = false;
};

engine::DataStreamWriter ScenarioRun::Writer() {
  engine::DataStreamWriter w = query_.stream->WriteStream();
  w.Options(options_).To(sink_).AddListener(&progress_);
  return w;
}

Result<int64_t> ScenarioRun::LastBatchId() {
  storage::Checkpoint checkpoint(&sim_.disk, spec::kStandardProtocol, nullptr);
  SLUICE_ASSIGN_OR_RETURN(std::vector<int64_t> commits, checkpoint.commits().ListIds());
  return commits.empty() ? int64_t{-1} : commits.back();
}

Status ScenarioRun::CheckProgress(const json& step) {
  SLUICE_RETURN_IF_ERROR(Drain());
  SLUICE_ASSIGN_OR_RETURN(int64_t last, LastBatchId());
  if (step.contains("assert_watermark_ms")) {
    // Read from offsets/<last>, which survives crashes that progress reports do not.
    storage::Checkpoint checkpoint(&sim_.disk, spec::kStandardProtocol, nullptr);
    if (last < 0) return Status::FailedPrecondition("assert_watermark_ms: no batch has run");
    SLUICE_ASSIGN_OR_RETURN(storage::OffsetsEntry entry, checkpoint.ReadOffsets(last));
    const int64_t want = step["assert_watermark_ms"].get<int64_t>();
    if (entry.batch_watermark_ms == want) return Status::Ok();
    // With the min policy over several inputs, a restart forgets each input's own watermark (as
    // Spark's does), which holds the global one back until every input has data again. After a
    // crash restart the watermark may therefore trail the crash-free value, but never pass it.
    if (crashes_ > 0 && restart_may_hold_watermark_ && entry.batch_watermark_ms < want) {
      ++unverifiable_checks_;
      return Status::Ok();
    }
    return Status::FailedPrecondition("assert_watermark_ms: batch " + std::to_string(last) +
                                      " ran with watermark " +
                                      std::to_string(entry.batch_watermark_ms) + ", expected " +
                                      std::to_string(want));
  }
  // State checks sum the reports of every batch since the last state check; event-time checks
  // read the report of the last batch with input. A report lost with a crashed run makes the
  // check unverifiable, never silently passed: without a crash, a missing report is a failure.
  std::vector<int64_t> needed;
  if (step.contains("assert_state_rows")) {
    for (int64_t b = last_state_check_batch_ + 1; b <= last; ++b) needed.push_back(b);
  } else {
    SLUICE_ASSIGN_OR_RETURN(std::optional<int64_t> with_input, LastBatchWithInput(last));
    if (with_input) needed.push_back(*with_input);
  }
  for (int64_t b : needed) {
    if (progress_.by_batch().contains(b)) continue;
    if (crashes_ == 0) {
      return Status::FailedPrecondition("batch " + std::to_string(b) + " committed but no "
                                        "progress report was heard");
    }
    ++unverifiable_checks_;
    if (step.contains("assert_state_rows")) last_state_check_batch_ = last;
    return Status::Ok();
  }
  if (step.contains("assert_state_rows")) {
    Status st = CheckStateRows(step["assert_state_rows"]);
    last_state_check_batch_ = last;
    return st;
  }
  return CheckEventTimeStats(step["assert_event_time_stats"]);
}

Result<std::optional<int64_t>> ScenarioRun::LastBatchWithInput(int64_t last) {
  storage::Checkpoint checkpoint(&sim_.disk, spec::kStandardProtocol, nullptr);
  for (int64_t b = last; b >= 0; --b) {
    SLUICE_ASSIGN_OR_RETURN(storage::OffsetsEntry entry, checkpoint.ReadOffsets(b));
    if (b == 0) {
      for (const auto& end : entry.source_ends) {
        if (end && std::any_of(end->begin(), end->end(), [](int64_t o) { return o > 0; })) {
          return std::optional<int64_t>(b);
        }
      }
      break;
    }
    SLUICE_ASSIGN_OR_RETURN(storage::OffsetsEntry before, checkpoint.ReadOffsets(b - 1));
    if (entry.source_ends != before.source_ends) return std::optional<int64_t>(b);
  }
  return std::optional<int64_t>();
}

Status ScenarioRun::CheckStateRows(const json& expected) {
  const auto& reports = progress_.by_batch();
  if (reports.empty()) return Status::FailedPrecondition("assert_state_rows: no progress report");
  const auto& latest = reports.rbegin()->second;
  const size_t ops = latest.state_operators.size();
  auto list = [&](const char* key) -> Result<std::vector<int64_t>> {
    std::vector<int64_t> v = expected.value(key, std::vector<int64_t>{});
    if (v.size() != ops) {
      return Status::FailedPrecondition(std::string("assert_state_rows: '") + key + "' names " +
                                        std::to_string(v.size()) + " operators, the query has " +
                                        std::to_string(ops));
    }
    return v;
  };
  // total: the last report's; the others: summed over the reports since the last state check.
  using Field = int64_t engine::StateOperatorProgress::*;
  struct Counter {
    const char* key;
    Field field;
    bool summed;
  };
  static constexpr Counter kCounters[] = {
      {"total", &engine::StateOperatorProgress::num_rows_total, false},
      {"updated", &engine::StateOperatorProgress::num_rows_updated, true},
      {"dropped_by_watermark", &engine::StateOperatorProgress::num_rows_dropped_by_watermark, true},
      {"removed", &engine::StateOperatorProgress::num_rows_removed, true}};
  for (const Counter& c : kCounters) {
    const std::string key = c.key;
    // Absent keys are not checked, except dropped_by_watermark, which defaults to all zeros.
    if (!expected.contains(key) && key != "dropped_by_watermark") continue;
    std::vector<int64_t> got(ops, 0);
    for (size_t i = 0; i < ops; ++i) {
      if (!c.summed) {
        got[i] = latest.state_operators[i].*c.field;
        continue;
      }
      for (auto it = reports.upper_bound(last_state_check_batch_); it != reports.end(); ++it) {
        if (i < it->second.state_operators.size()) got[i] += it->second.state_operators[i].*c.field;
      }
    }
    std::vector<int64_t> want(ops, 0);
    if (expected.contains(key)) {
      SLUICE_ASSIGN_OR_RETURN(want, list(c.key));
    }
    if (want != got) {
      auto text = [](const std::vector<int64_t>& v) {
        std::string t = "[";
        for (size_t i = 0; i < v.size(); ++i) t += (i ? ", " : "") + std::to_string(v[i]);
        return t + "]";
      };
      return Status::FailedPrecondition("assert_state_rows: " + key + " is " + text(got) +
                                        ", expected " + text(want));
    }
  }
  return Status::Ok();
}

Status ScenarioRun::CheckEventTimeStats(const json& expected) {
  const auto& reports = progress_.by_batch();
  for (auto it = reports.rbegin(); it != reports.rend(); ++it) {
    const auto& p = it->second;
    if (p.num_input_rows == 0) continue;
    for (const auto& [key, field] : {std::pair<std::string, std::string>{"min_s", "min"},
                                     {"max_s", "max"}, {"avg_s", "avg"},
                                     {"watermark_s", "watermark"}}) {
      if (!expected.contains(key)) continue;
      auto found = p.event_time.find(field);
      const double want_ms = expected[key].get<double>() * 1000;
      if (found == p.event_time.end() || static_cast<double>(found->second) != want_ms) {
        return Status::FailedPrecondition(
            "assert_event_time_stats: batch " + std::to_string(p.batch_id) + " " + field + " is " +
            (found == p.event_time.end() ? std::string("absent") : std::to_string(found->second)) +
            " ms, expected " + Num(want_ms));
      }
    }
    return Status::Ok();
  }
  return Status::FailedPrecondition("assert_event_time_stats: no batch with input has run");
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
  if (step.contains("assert_state_rows") || step.contains("assert_watermark_ms") ||
      step.contains("assert_event_time_stats")) {
    return CheckProgress(step);
  }
  if (step.contains("assert_batches_run")) {
    SLUICE_ASSIGN_OR_RETURN(int64_t last, LastBatchId());
    const int64_t run = last + 1;
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
  const json& steps = scenario_.at("steps");
  bool expects_failure = false;
  for (const json& step : steps) {
    expects_failure |= step.contains("expect_failure") || step.contains("expect_failure_at_start");
  }
  // A query that cannot start is checked by its expect_failure step, which starts it again.
  auto plan = engine::CompilePlan(query_.stream->plan());
  if (!plan.ok() && !expects_failure) return plan.status();
  if (plan.ok()) {
    output_schema_ = plan->output_schema;
    restart_may_hold_watermark_ =
        plan->watermarks.size() > 1 && query_.options.watermark_policy == "min";
  }
  options_ = query_.options;
  const bool implicit_start = steps.empty() || !(steps[0].contains("start") ||
                                                 steps[0].contains("expect_failure_at_start"));
  if (implicit_start) {
    Status st = Start(json{{"start", json::object()}});
    if (!st.ok() && !expects_failure) return st;
  }
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
    out.unverifiable_checks += run.unverifiable_checks();
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
