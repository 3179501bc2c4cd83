// ScenarioRun's expectations: the rows a sink holds, and what the checkpoint and the progress
// reports say about the batches that ran.
#include <algorithm>
#include <cstdio>

#include "connectors/pipeline/json_cell.h"
#include "engine/types/duration.h"
#include "sim/scenario_run.h"

namespace sluice::sim {
namespace {

using connectors::pipeline::CanonicalCell;
using connectors::pipeline::JsonToValue;

using nlohmann::json;
using Row = std::vector<engine::Value>;
using Rows = std::vector<Row>;

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
    for (size_t c = 0; c < width; ++c) {
      Result<engine::Value> v = JsonToValue(row[c], schema.fields[c].type, false);
      if (!v.ok()) {
        return v.status().WithContext("rows[" + std::to_string(r) + "], column '" +
                                      schema.fields[c].name + "'");
      }
      key += CanonicalCell(v.value(), schema.fields[c].type) + ",";
    }
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

std::string CountsText(const std::vector<int64_t>& v) {
  std::string t = "[";
  for (size_t i = 0; i < v.size(); ++i) t += (i ? ", " : "") + std::to_string(v[i]);
  return t + "]";
}

}  // namespace

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
      for (const auto& text : entry.source_ends) {
        if (!text) continue;
        SLUICE_ASSIGN_OR_RETURN(storage::PartitionOffsets end,
                                storage::ParsePartitionOffsetsJson(*text, "offsets/0"));
        if (std::any_of(end.begin(), end.end(), [](int64_t o) { return o > 0; })) {
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
            " ms, expected " + std::to_string(static_cast<int64_t>(want_ms)));
      }
    }
    return Status::Ok();
  }
  return Status::FailedPrecondition("no batch with input has run");
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

}  // namespace sluice::sim
