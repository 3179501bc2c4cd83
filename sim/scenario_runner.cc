#include "sim/scenario_runner.h"

#include <algorithm>
#include <cstdio>
#include <type_traits>

#include "engine/io/memory_sink.h"
#include "engine/types/duration.h"
#include "sim/scenario_query.h"
#include "sim/sim_environment.h"

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

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.9g", v);
  return buf;
}

// A canonical text of one cell, equal for values the format calls equal.
std::string CanonicalCell(const engine::Value& v, engine::DataType type) {
  if (engine::IsNull(v)) return "null";
  switch (type) {
    case engine::DataType::kDouble:
      return Num(std::get<double>(v));
    case engine::DataType::kTimestamp:
      return Num(static_cast<double>(std::get<int64_t>(v)) / engine::kMicrosPerSecond);
    case engine::DataType::kString:
      return "\"" + std::get<std::string>(v) + "\"";
    default:
      return engine::ValueToString(v);
  }
}

std::string CanonicalJsonCell(const json& cell, engine::DataType type) {
  if (cell.is_null()) return "null";
  if (type == engine::DataType::kTimestamp || type == engine::DataType::kDouble) {
    return cell.is_number() ? Num(cell.get<double>()) : cell.dump();
  }
  if (type == engine::DataType::kString && cell.is_string()) {
    return "\"" + cell.get<std::string>() + "\"";
  }
  return cell.dump();
}

std::string ColumnNames(const engine::Schema& schema) {
  std::string names;
  for (const auto& f : schema.fields) names += (names.empty() ? "" : ", ") + f.name;
  return names;
}

// The canonical text of each expected row; a row that is not a list of one value per output
// column is an error naming it.
Result<std::vector<std::string>> ExpectedRowKeys(const json& expected,
                                                 const engine::Schema& schema) {
  if (!expected.is_array()) {
    return Status::InvalidArgument("expected a list of rows, got " + expected.dump());
  }
  const size_t width = schema.fields.size();
  std::vector<std::string> keys;
  for (size_t r = 0; r < expected.size(); ++r) {
    const json& row = expected[r];
    if (!row.is_array() || row.size() != width) {
      return Status::InvalidArgument(
          "rows[" + std::to_string(r) + "] " +
          (row.is_array()
               ? "has " + std::to_string(row.size()) + (row.size() == 1 ? " value" : " values")
               : "is not a list") +
          ", the output has " + std::to_string(width) + " (" + ColumnNames(schema) + ")");
    }
    std::string key;
    for (size_t c = 0; c < width; ++c)
      key += CanonicalJsonCell(row[c], schema.fields[c].type) + ",";
    keys.push_back(std::move(key));
  }
  return keys;
}

std::vector<std::string> ActualRowKeys(const Rows& rows, const engine::Schema& schema) {
  std::vector<std::string> keys;
  for (const Row& row : rows) {
    SLUICE_CHECK(row.size() == schema.fields.size(), "a sink row has one value per column");
    std::string key;
    for (size_t c = 0; c < row.size(); ++c)
      key += CanonicalCell(row[c], schema.fields[c].type) + ",";
    keys.push_back(std::move(key));
  }
  return keys;
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
        Row row, JsonToRow(rows[r], "rows[" + std::to_string(r) + "] of '" + input->first + "'",
                           input->second.source->schema(), input->second.timestamp_ms));
    out.push_back(std::move(row));
  }
  return out;
}

// MemorySource::AddRows is becoming fallible (a Status); the runner has checked the rows, so it
// takes either form, and passes on a Status if there is one.
template <typename Source>
Status HandToSource(Source& source, const Rows& rows) {
  if constexpr (std::is_void_v<decltype(source.AddRows(rows))>) {
    source.AddRows(rows);
    return Status::Ok();
  } else {
    return source.AddRows(rows);
  }
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
  // REQUIRES: CheckScenarioKeys(scenario) passed.
  Status Run();
  std::optional<std::string> needs() const { return query_.needs; }
  int64_t points() const { return sim_.points.passed(); }
  int64_t unverifiable_checks() const { return unverifiable_checks_; }

 private:
  template <typename Op>
  Status Guarded(Op op);
  Status EnsureRunning();
  Status RunDue();
  Status Drain();
  Status Compile(bool expects_failure);
  Status RunSteps(const json& steps);
  Status Step(const json& step);
  Status Add(const json& adds);
  Status Start(const json& start);
  Status Stop();
  Status AdvanceClock(int64_t ms);
  Status CheckSink(const std::string& kind, const json& expected, bool sorted);
  Status CheckRows(const json& expected, const Rows& actual, bool sorted);
  Status CheckBatchesRun(int64_t want);
  Status ExpectFailure(bool at_start, const json& fragments);
  Status CheckProgress(const std::string& kind, const json& expected);
  Status CheckWatermark(int64_t last, int64_t want);
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

Status ScenarioRun::CheckWatermark(int64_t last, int64_t want) {
  // Read from offsets/<last>, which survives crashes that progress reports do not.
  storage::Checkpoint checkpoint(&sim_.disk, spec::kStandardProtocol, nullptr);
  if (last < 0) return Status::FailedPrecondition("no batch has run");
  SLUICE_ASSIGN_OR_RETURN(storage::OffsetsEntry entry, checkpoint.ReadOffsets(last));
  if (entry.batch_watermark_ms == want) return Status::Ok();
  // With the min policy over several inputs, a restart forgets each input's own watermark (as
  // Spark's does), which holds the global one back until every input has data again. After a
  // crash restart the watermark may therefore trail the crash-free value, but never pass it.
  if (crashes_ > 0 && restart_may_hold_watermark_ && entry.batch_watermark_ms < want) {
    ++unverifiable_checks_;
    return Status::Ok();
  }
  return Status::FailedPrecondition("batch " + std::to_string(last) + " ran with watermark " +
                                    std::to_string(entry.batch_watermark_ms) + ", expected " +
                                    std::to_string(want));
}

Status ScenarioRun::CheckProgress(const std::string& kind, const json& expected) {
  SLUICE_RETURN_IF_ERROR(Drain());
  SLUICE_ASSIGN_OR_RETURN(int64_t last, LastBatchId());
  if (kind == "assert_watermark_ms") return CheckWatermark(last, expected.get<int64_t>());
  // State checks sum the reports of every batch since the last state check; event-time checks
  // read the report of the last batch with input. A report lost with a crashed run makes the
  // check unverifiable, never silently passed: without a crash, a missing report is a failure.
  const bool state_rows = kind == "assert_state_rows";
  std::vector<int64_t> needed;
  if (state_rows) {
    for (int64_t b = last_state_check_batch_ + 1; b <= last; ++b) needed.push_back(b);
  } else {
    SLUICE_ASSIGN_OR_RETURN(std::optional<int64_t> with_input, LastBatchWithInput(last));
    if (with_input) needed.push_back(*with_input);
  }
  for (int64_t b : needed) {
    if (progress_.by_batch().contains(b)) continue;
    if (crashes_ == 0) {
      return Status::FailedPrecondition("batch " + std::to_string(b) +
                                        " committed but no progress report was heard");
    }
    ++unverifiable_checks_;
    if (state_rows) last_state_check_batch_ = last;
    return Status::Ok();
  }
  if (!state_rows) return CheckEventTimeStats(expected);
  Status st = CheckStateRows(expected);
  last_state_check_batch_ = last;
  return st;
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

std::string CountsText(const std::vector<int64_t>& v) {
  std::string t = "[";
  for (size_t i = 0; i < v.size(); ++i) t += (i ? ", " : "") + std::to_string(v[i]);
  return t + "]";
}

Status ScenarioRun::CheckStateRows(const json& expected) {
  const auto& reports = progress_.by_batch();
  if (reports.empty()) return Status::FailedPrecondition("no progress report");
  const auto& latest = reports.rbegin()->second;
  const size_t ops = latest.state_operators.size();
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
    const std::vector<int64_t> want = expected.value(key, std::vector<int64_t>(ops, 0));
    if (want.size() != ops) {
      return Status::InvalidArgument("'" + key + "' names " + std::to_string(want.size()) +
                                     " operators, the query has " + std::to_string(ops));
    }
    if (want != got) {
      return Status::FailedPrecondition(key + " is " + CountsText(got) + ", expected " +
                                        CountsText(want));
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
                                     {"max_s", "max"},
                                     {"avg_s", "avg"},
                                     {"watermark_s", "watermark"}}) {
      if (!expected.contains(key)) continue;
      auto found = p.event_time.find(field);
      const double want_ms = expected[key].get<double>() * engine::kMillisPerSecond;
      if (found == p.event_time.end() || static_cast<double>(found->second) != want_ms) {
        return Status::FailedPrecondition(
            "batch " + std::to_string(p.batch_id) + " " + field + " is " +
            (found == p.event_time.end() ? std::string("absent") : std::to_string(found->second)) +
            " ms, expected " + Num(want_ms));
      }
    }
    return Status::Ok();
  }
  return Status::FailedPrecondition("no batch with input has run");
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
    SLUICE_ASSIGN_OR_RETURN(options_.trigger, ParseTrigger(start["trigger"]));
  }
  if (start.contains("conf")) SLUICE_RETURN_IF_ERROR(ApplyConf(start["conf"], &options_));
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
  for (const auto& [source, rows] : checked) SLUICE_RETURN_IF_ERROR(HandToSource(*source, rows));
  return Status::Ok();
}

Status ScenarioRun::CheckRows(const json& expected, const Rows& actual, bool sorted) {
  SLUICE_ASSIGN_OR_RETURN(std::vector<std::string> want, ExpectedRowKeys(expected, output_schema_));
  std::vector<std::string> got = ActualRowKeys(actual, output_schema_);
  if (!sorted) {  // a multiset comparison
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
  }
  if (want == got) return Status::Ok();
  std::string msg = "expected " + std::to_string(want.size()) + " rows {";
  for (const auto& w : want) msg += "[" + w + "]";
  msg += "} got " + std::to_string(got.size()) + " rows {";
  for (const auto& g : got) msg += "[" + g + "]";
  return Status::FailedPrecondition(msg + "}");
}

Status ScenarioRun::CheckSink(const std::string& kind, const json& expected, bool sorted) {
  SLUICE_RETURN_IF_ERROR(Drain());
  if (kind == "check_last_batch") return CheckRows(expected, sink_->LastBatchRows(), sorted);
  const Rows all = sink_->AllRows();
  const size_t from = kind == "check_new" ? std::min(rows_at_last_check_, all.size()) : 0;
  rows_at_last_check_ = all.size();
  return CheckRows(expected, Rows(all.begin() + from, all.end()), sorted);
}

Status ScenarioRun::CheckBatchesRun(int64_t want) {
  SLUICE_ASSIGN_OR_RETURN(int64_t last, LastBatchId());
  const int64_t run = last + 1;
  if (run == want) return Status::Ok();
  return Status::FailedPrecondition("expected " + std::to_string(want) +
                                    " batches committed, found " + std::to_string(run));
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

ScenarioOutcome Failed(std::string detail) {
  return {ScenarioOutcome::Kind::kFailed, std::move(detail), 0, 0};
}

// Where a parse error is, as a person counts it: the file's line, and the column in characters.
std::string ParseErrorText(const std::string& line, int line_no, const json::parse_error& e) {
  size_t column = 1;
  for (size_t i = 0; i + 1 < e.byte && i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;  // not a UTF-8 tail
  }
  // nlohmann's text names line 1 of the one line it saw; keep only what follows its position.
  const std::string what = e.what();
  const size_t cut = what.find(": ", what.find("column"));
  return "malformed JSON at line " + std::to_string(line_no) + ", column " +
         std::to_string(column) + ": " + (cut == std::string::npos ? what : what.substr(cut + 2));
}

// The report of one non-blank line; nullopt for a case that `options.only` leaves out.
std::optional<CaseReport> RunLine(const std::string& line, int line_no, const std::string& file,
                                  const ScenarioFileOptions& options) {
  const std::string place = file + ":" + std::to_string(line_no);
  json scenario;
  try {
    scenario = json::parse(line);
  } catch (const json::parse_error& e) {
    return CaseReport{place, Failed(ParseErrorText(line, line_no, e))};
  }
  if (!scenario.is_object()) {
    return CaseReport{place, Failed("line " + std::to_string(line_no) + " is not a JSON object")};
  }
  const bool has_id = scenario.contains("id") && scenario["id"].is_string();
  const std::string name = has_id ? scenario["id"].get<std::string>() : place;
  if (!options.only.empty() && name != options.only) return std::nullopt;
  try {
    return CaseReport{name, RunScenario(scenario, options.crash_everywhere)};
  } catch (const json::exception& e) {  // a shape that the checks before running did not foresee
    return CaseReport{name, Failed(std::string("malformed case: ") + e.what())};
  }
}

}  // namespace

ScenarioOutcome RunScenario(const json& scenario, bool crash_everywhere) {
  if (Status keys = CheckScenarioKeys(scenario); !keys.ok()) return Failed(keys.message());
  ScenarioOutcome out;
  ScenarioRun plain(scenario, std::nullopt, {});
  Status st = plain.Run();
  if (plain.needs()) {
    return {ScenarioOutcome::Kind::kSkipped, *plain.needs() + " is not built yet", 0, 0};
  }
  if (!st.ok()) return Failed(st.message());
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
              out.crash_runs, out.unverifiable_checks};
    }
  }
  return out;
}

void RunScenarioFile(std::string_view text, const std::string& file,
                     const ScenarioFileOptions& options,
                     const std::function<void(const CaseReport&)>& on_case) {
  int line_no = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string line(text.substr(pos, end - pos));
    SLUICE_CHECK(end + 1 > pos, "each line moves the position on");
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (std::optional<CaseReport> report = RunLine(line, line_no, file, options)) on_case(*report);
  }
}

std::string FormatCaseReport(const CaseReport& report, bool crash_everywhere) {
  const ScenarioOutcome& o = report.outcome;
  switch (o.kind) {
    case ScenarioOutcome::Kind::kPassed:
      if (!crash_everywhere) return report.name + ": PASS";
      return report.name + ": PASS (" + std::to_string(o.crash_runs) + " crash runs; " +
             std::to_string(o.unverifiable_checks) + " progress checks unverifiable after a crash)";
    case ScenarioOutcome::Kind::kFailed:
      return report.name + ": FAIL: " + o.detail;
    case ScenarioOutcome::Kind::kSkipped:
      return report.name + ": skipped: " + o.detail;
  }
  SLUICE_CHECK(false, "an outcome of an unknown kind");
  return "";
}

}  // namespace sluice::sim
