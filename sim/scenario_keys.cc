#include "sim/scenario_keys.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <vector>

namespace sluice::sim {
namespace {

using nlohmann::json;

// ---- The format's keys (FORMAT.md), checked before anything runs ----------------------------

using Keys = std::vector<std::string_view>;
struct KeySet {
  Keys required;
  Keys optional;
};

bool Has(const Keys& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// The words of a space-separated list; they view `text`, which must outlive them.
Keys Words(std::string_view text) {
  Keys words;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = std::min(text.find(' ', pos), text.size());
    if (end > pos) words.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return words;
}

std::string Join(Keys keys) {
  std::sort(keys.begin(), keys.end());
  std::string text;
  for (std::string_view k : keys) text += (text.empty() ? "" : ", ") + std::string(k);
  return text;
}

Status CheckKeys(const json& obj, const std::string& where, const KeySet& keys) {
  if (!obj.is_object()) {
    return Status::InvalidArgument(where + ": expected an object, got " + ShortJson(obj));
  }
  for (const auto& item : obj.items()) {
    if (Has(keys.required, item.key()) || Has(keys.optional, item.key())) continue;
    Keys known = keys.required;
    known.insert(known.end(), keys.optional.begin(), keys.optional.end());
    return Status::InvalidArgument(where + ": unknown key '" + item.key() +
                                   "' (known: " + Join(known) + ")");
  }
  for (std::string_view key : keys.required) {
    if (!obj.contains(key)) {
      return Status::InvalidArgument(where + ": missing key '" + std::string(key) + "'");
    }
  }
  return Status::Ok();
}

// Checks each element of the list obj[key], if there is one, naming it where.key[i].
template <typename Check>
Status CheckList(const json& obj, const std::string& key, const std::string& where, Check check) {
  if (!obj.contains(key)) return Status::Ok();
  const std::string at = where + "." + key;
  if (!obj[key].is_array()) {
    return Status::InvalidArgument(at + ": expected a list, got " + ShortJson(obj[key]));
  }
  for (size_t i = 0; i < obj[key].size(); ++i) {
    SLUICE_RETURN_IF_ERROR(check(obj[key][i], at + "[" + std::to_string(i) + "]"));
  }
  return Status::Ok();
}

Status CheckExprKeys(const json& e, const std::string& where) {
  static const std::map<std::string, Keys> kFnFields{
      {"cast", {"to"}},
      {"window", {"duration", "slide", "start_time"}},
      {"session_window", {"gap"}}};
  if (e.is_object() && e.contains("fn")) {
    Keys optional{"args"};
    if (auto it = kFnFields.find(e["fn"].is_string() ? e["fn"].get<std::string>() : "");
        it != kFnFields.end()) {
      optional.insert(optional.end(), it->second.begin(), it->second.end());
    }
    SLUICE_RETURN_IF_ERROR(CheckKeys(e, where, {{"fn"}, optional}));
    return CheckList(e, "args", where, CheckExprKeys);
  }
  if (e.is_object() && e.contains("lit")) return CheckKeys(e, where, {{"lit"}, {"type"}});
  if (e.is_object() && e.contains("col")) return CheckKeys(e, where, {{"col"}, {}});
  if (e.is_object() && e.contains("interval")) return CheckKeys(e, where, {{"interval"}, {}});
  return Status::InvalidArgument(where + ": an expression has one of 'col', 'lit', 'interval', " +
                                 "'fn', got " + ShortJson(e));
}

// {"expr", "as"}: a select item, a group_by key; a select item may be {"star"} instead.
Status CheckNamedExprKeys(const json& item, const std::string& where) {
  if (item.is_object() && item.contains("star")) return CheckKeys(item, where, {{"star"}, {}});
  SLUICE_RETURN_IF_ERROR(CheckKeys(item, where, {{"expr", "as"}, {}}));
  return CheckExprKeys(item["expr"], where + ".expr");
}

Status CheckAggKeys(const json& agg, const std::string& where) {
  SLUICE_RETURN_IF_ERROR(CheckKeys(agg, where, {{"fn", "arg", "as"}, {}}));
  if (agg["arg"] == "*") return Status::Ok();
  return CheckExprKeys(agg["arg"], where + ".arg");
}

Status CheckSortKeyKeys(const json& key, const std::string& where) {
  SLUICE_RETURN_IF_ERROR(CheckKeys(key, where, {{"expr", "dir"}, {}}));
  return CheckExprKeys(key["expr"], where + ".expr");
}

// Each operator's fields besides "op".
const std::map<std::string, KeySet>& OpKeys() {
  static const std::map<std::string, KeySet> kOps{
      {"select", {{"items"}, {}}},
      {"where", {{"cond"}, {}}},
      {"with_column", {{"name", "expr"}, {}}},
      {"with_watermark", {{"col", "delay"}, {}}},
      {"group_by", {{"keys"}, {}}},
      {"agg", {{"aggs"}, {}}},
      {"drop_duplicates", {{"cols"}, {}}},
      {"drop_duplicates_within_watermark", {{"cols"}, {}}},
      {"join", {{"right", "type", "on"}, {}}},
      {"union", {{"with"}, {}}},
      {"limit", {{"n"}, {}}},
      {"sort", {{"by"}, {}}},
      {"group_by_key", {{"key"}, {}}},
      {"flat_map_groups_with_state", {{"function", "output_mode", "timeout"}, {"initial_state"}}},
      {"map_groups_with_state", {{"function", "timeout"}, {"initial_state"}}}};
  return kOps;
}

Status CheckOpKeys(const json& op, const std::string& where) {
  if (!op.is_object() || !op.contains("op") || !op["op"].is_string()) {
    return Status::InvalidArgument(where + ": an operator needs 'op', got " + ShortJson(op));
  }
  const std::string kind = op["op"].get<std::string>();
  auto shape = OpKeys().find(kind);
  if (shape == OpKeys().end()) {
    Keys known;
    for (const auto& [name, keys] : OpKeys()) known.push_back(name);
    return Status::InvalidArgument(where + ": unknown operator '" + kind +
                                   "' (known: " + Join(known) + ")");
  }
  KeySet keys = shape->second;
  keys.required.push_back("op");
  SLUICE_RETURN_IF_ERROR(CheckKeys(op, where + " (" + kind + ")", keys));
  SLUICE_RETURN_IF_ERROR(CheckList(op, "items", where, CheckNamedExprKeys));
  SLUICE_RETURN_IF_ERROR(CheckList(op, "keys", where, CheckNamedExprKeys));
  SLUICE_RETURN_IF_ERROR(CheckList(op, "aggs", where, CheckAggKeys));
  SLUICE_RETURN_IF_ERROR(CheckList(op, "by", where, CheckSortKeyKeys));
  for (const std::string field : {"cond", "expr", "on", "key"}) {
    if (op.contains(field)) SLUICE_RETURN_IF_ERROR(CheckExprKeys(op[field], where + "." + field));
  }
  return Status::Ok();
}

Status CheckTriggerKeys(const json& trigger, const std::string& where) {
  return CheckKeys(trigger, where, {{"kind"}, {"interval_ms"}});
}

Status CheckConfKeys(const json& conf, const std::string& where) {
  return CheckKeys(conf, where,
                   {{}, {"shuffle_partitions", "watermark_policy", "no_data_batches"}});
}

Status CheckFrameKeys(const json& frame, const std::string& where) {
  SLUICE_RETURN_IF_ERROR(CheckKeys(frame, where, {{"name", "from"}, {"ops"}}));
  return CheckList(frame, "ops", where, CheckOpKeys);
}

Status CheckQueryKeys(const json& q) {
  SLUICE_RETURN_IF_ERROR(CheckKeys(
      q, "query",
      {{"inputs"}, {"static", "frames", "ops", "output_mode", "trigger", "clock", "conf"}}));
  SLUICE_RETURN_IF_ERROR(CheckList(q, "inputs", "query", [](const json& t, const std::string& w) {
    return CheckKeys(t, w, {{"name", "schema"}, {}});
  }));
  SLUICE_RETURN_IF_ERROR(CheckList(q, "static", "query", [](const json& t, const std::string& w) {
    return CheckKeys(t, w, {{"name", "schema", "rows"}, {}});
  }));
  SLUICE_RETURN_IF_ERROR(CheckList(q, "frames", "query", CheckFrameKeys));
  SLUICE_RETURN_IF_ERROR(CheckList(q, "ops", "query", CheckOpKeys));
  if (q.contains("trigger")) {
    SLUICE_RETURN_IF_ERROR(CheckTriggerKeys(q["trigger"], "query.trigger"));
  }
  if (q.contains("conf")) SLUICE_RETURN_IF_ERROR(CheckConfKeys(q["conf"], "query.conf"));
  return Status::Ok();
}

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
                                   (kinds.empty() ? "none" : Join(kinds)));
  }
  const std::string kind(kinds[0]);
  if (!Has(StepKinds(), kind)) {
    return Status::InvalidArgument(where + ": unknown step '" + kind +
                                   "' (known: " + Join(StepKinds()) + ")");
  }
  if (step.contains("sorted") && kind.rfind("check_", 0) != 0) {
    return Status::InvalidArgument(where + " (" + kind + "): 'sorted' stands only beside " +
                                   "check_all, check_new or check_last_batch");
  }
  return CheckStepValueKeys(kind, step[kind], where);
}

}  // namespace

std::string ShortJson(const json& v) {
  std::string text = v.dump();
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

Status CheckScenarioKeys(const json& scenario) {
  SLUICE_RETURN_IF_ERROR(
      CheckKeys(scenario, "case", {{"id", "query", "steps"}, {"suite", "test", "notes"}}));
  SLUICE_RETURN_IF_ERROR(CheckQueryKeys(scenario["query"]));
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

bool IsFormatFunction(const std::string& name) {
  static const Keys kNames = Words(
      "abs add and array array_contains cast ceil coalesce concat concat_ws contains crc32 "
      "current_timestamp date_add date_format date_trunc datediff dayofmonth div element_at "
      "endswith eq exp explode explode_outer floor from_csv from_json from_unixtime ge get_field "
      "get_item get_json_object greatest gt hash hour if in inline instr is_not_null is_null "
      "isnotnull isnull json_tuple le least length like log lower lpad lt ltrim map map_keys "
      "map_values md5 minute mod month mul named_struct ne neg not nullif or pmod posexplode pow "
      "regexp_extract regexp_replace replace rlike round rpad rtrim schema_of_json second "
      "session_window sha2 size split sqrt startswith struct sub substring timestamp_seconds "
      "to_csv to_date to_json to_timestamp trim unix_timestamp upper when window window_time "
      "xxhash64 year");
  return Has(kNames, name);
}

}  // namespace sluice::sim
