#include "connectors/pipeline/query_keys.h"

#include <algorithm>
#include <map>

namespace sluice::connectors::pipeline {
namespace {

using nlohmann::json;

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
                                   "' (known: " + JoinKeys(known) + ")");
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

Status CheckFrameKeys(const json& frame, const std::string& where) {
  SLUICE_RETURN_IF_ERROR(CheckKeys(frame, where, {{"name", "from"}, {"ops"}}));
  return CheckList(frame, "ops", where, CheckOpKeys);
}

}  // namespace

bool HasKey(const Keys& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string JoinKeys(Keys keys) {
  std::sort(keys.begin(), keys.end());
  std::string text;
  for (std::string_view k : keys) text += (text.empty() ? "" : ", ") + std::string(k);
  return text;
}

std::string KeyPath(const std::string& where, const std::string& key) {
  return where.empty() ? key : where + "." + key;
}

Status CheckKeys(const json& obj, const std::string& where, const KeySet& keys) {
  const std::string at = where.empty() ? "the pipeline file" : where;
  if (!obj.is_object()) {
    return Status::InvalidArgument(at + ": expected an object, got " + ShortJson(obj));
  }
  for (const auto& item : obj.items()) {
    if (HasKey(keys.required, item.key()) || HasKey(keys.optional, item.key())) continue;
    Keys known = keys.required;
    known.insert(known.end(), keys.optional.begin(), keys.optional.end());
    return Status::InvalidArgument(at + ": unknown key '" + item.key() +
                                   "' (known: " + JoinKeys(known) + ")");
  }
  for (std::string_view key : keys.required) {
    if (!obj.contains(key)) {
      return Status::InvalidArgument(at + ": missing key '" + std::string(key) + "'");
    }
  }
  return Status::Ok();
}

Status CheckList(const json& obj, const std::string& key, const std::string& where,
                 const std::function<Status(const json&, const std::string&)>& check) {
  if (!obj.contains(key)) return Status::Ok();
  const std::string at = KeyPath(where, key);
  if (!obj[key].is_array()) {
    return Status::InvalidArgument(at + ": expected a list, got " + ShortJson(obj[key]));
  }
  for (size_t i = 0; i < obj[key].size(); ++i) {
    SLUICE_RETURN_IF_ERROR(check(obj[key][i], at + "[" + std::to_string(i) + "]"));
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

Status CheckQueryKeys(const json& q, const std::string& where, const QueryShape& shape) {
  KeySet keys{{"inputs"}, {"static", "frames", "ops", "output_mode", "trigger", "clock", "conf"}};
  keys.required.insert(keys.required.end(), shape.extra.required.begin(),
                       shape.extra.required.end());
  keys.optional.insert(keys.optional.end(), shape.extra.optional.begin(),
                       shape.extra.optional.end());
  SLUICE_RETURN_IF_ERROR(CheckKeys(q, where, keys));
  SLUICE_RETURN_IF_ERROR(CheckList(q, "inputs", where, shape.check_input));
  SLUICE_RETURN_IF_ERROR(CheckList(q, "static", where, [](const json& t, const std::string& w) {
    return CheckKeys(t, w, {{"name", "schema", "rows"}, {}});
  }));
  SLUICE_RETURN_IF_ERROR(CheckList(q, "frames", where, CheckFrameKeys));
  SLUICE_RETURN_IF_ERROR(CheckList(q, "ops", where, CheckOpKeys));
  if (q.contains("trigger")) {
    SLUICE_RETURN_IF_ERROR(CheckTriggerKeys(q["trigger"], KeyPath(where, "trigger")));
  }
  if (q.contains("conf")) SLUICE_RETURN_IF_ERROR(CheckConfKeys(q["conf"], KeyPath(where, "conf")));
  return Status::Ok();
}

Keys Words(std::string_view text) {
  Keys words;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = std::min(text.find(' ', pos), text.size());
    if (end > pos) words.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return words;
}

std::string ShortJson(const json& v) {
  std::string text = v.dump();
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
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
  return HasKey(kNames, name);
}

}  // namespace sluice::connectors::pipeline
