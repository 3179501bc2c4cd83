#include "sim/scenario_keys.h"

#include <algorithm>

namespace sluice::sim {
namespace {

using connectors::pipeline::CheckConfKeys;
using connectors::pipeline::CheckKeys;
using connectors::pipeline::CheckTriggerKeys;
using connectors::pipeline::HasKey;
using connectors::pipeline::JoinKeys;
using connectors::pipeline::Keys;
using connectors::pipeline::KeySet;
using connectors::pipeline::ShortJson;
using connectors::pipeline::Words;
using nlohmann::json;

const Keys& StepKinds() {
  static const Keys kKinds = Words(
      "add add_multi start stop process_all_available check_all check_new check_last_batch "
      "advance_clock_ms expect_failure expect_failure_at_start assert_state_rows "
      "assert_watermark_ms assert_event_time_stats assert_batches_run");
  return kKinds;
}

// The keys of a step's value, for the kinds whose value is an object.
Status CheckStepValueKeys(const std::string& kind, const json& v, const std::string& where) {
  static const KeySet kAdd{{"source", "rows"}, {}};
  if (kind == "add") return CheckKeys(v, where + " (add)", kAdd);
  if (kind == "add_multi") {
    if (!v.is_array()) return Status::InvalidArgument(where + " (add_multi): expected a list");
    for (size_t i = 0; i < v.size(); ++i) {
      SLUICE_RETURN_IF_ERROR(
          CheckKeys(v[i], where + " (add_multi[" + std::to_string(i) + "])", kAdd));
    }
    return Status::Ok();
  }
  if (kind == "start") {
    SLUICE_RETURN_IF_ERROR(CheckKeys(v, where + " (start)", {{}, {"trigger", "conf"}}));
    if (v.contains("trigger")) {
      SLUICE_RETURN_IF_ERROR(CheckTriggerKeys(v["trigger"], where + " (start.trigger)"));
    }
    if (v.contains("conf")) return CheckConfKeys(v["conf"], where + " (start.conf)");
    return Status::Ok();
  }
  if (kind == "assert_state_rows") {
    return CheckKeys(v, where + " (" + kind + ")",
                     {{}, {"total", "updated", "dropped_by_watermark", "removed"}});
  }
  if (kind == "assert_event_time_stats") {
    return CheckKeys(v, where + " (" + kind + ")",
                     {{}, {"min_s", "max_s", "avg_s", "watermark_s"}});
  }
  return Status::Ok();
}

Status CheckStepKeys(const json& step, const std::string& where) {
  if (!step.is_object()) {
    return Status::InvalidArgument(where + ": expected an object, got " + ShortJson(step));
  }
  Keys kinds;
  for (const auto& item : step.items()) {
    if (item.key() != "sorted") kinds.push_back(item.key());
  }
  if (kinds.size() != 1) {
    return Status::InvalidArgument(where + ": a step has one kind, found " +
                                   (kinds.empty() ? "none" : JoinKeys(kinds)));
  }
  const std::string kind(kinds[0]);
  if (!HasKey(StepKinds(), kind)) {
    return Status::InvalidArgument(where + ": unknown step '" + kind +
                                   "' (known: " + JoinKeys(StepKinds()) + ")");
  }
  if (step.contains("sorted") && kind.rfind("check_", 0) != 0) {
    return Status::InvalidArgument(where + " (" + kind + "): 'sorted' stands only beside " +
                                   "check_all, check_new or check_last_batch");
  }
  return CheckStepValueKeys(kind, step[kind], where);
}

}  // namespace

Status CheckScenarioKeys(const json& scenario) {
  SLUICE_RETURN_IF_ERROR(
      CheckKeys(scenario, "case", {{"id", "query", "steps"}, {"suite", "test", "notes"}}));
  SLUICE_RETURN_IF_ERROR(connectors::pipeline::CheckQueryKeys(
      scenario["query"], "query", {{}, [](const json& input, const std::string& where) {
                                     return CheckKeys(input, where, {{"name", "schema"}, {}});
                                   }}));
  const json& steps = scenario["steps"];
  if (!steps.is_array()) return Status::InvalidArgument("steps: expected a list");
  for (size_t i = 0; i < steps.size(); ++i) {
    SLUICE_RETURN_IF_ERROR(CheckStepKeys(steps[i], "step " + std::to_string(i + 1)));
  }
  return Status::Ok();
}

std::string StepKind(const json& step) {
  for (const auto& item : step.items()) {
    if (item.key() != "sorted") return item.key();
  }
  SLUICE_CHECK(false, "StepKind of a step that CheckScenarioKeys refused");
  return "";
}

}  // namespace sluice::sim
