#include "sim/scenario_query.h"

#include <algorithm>
#include <string_view>

#include "engine/types/duration.h"

namespace sluice::sim {
namespace {

using engine::DataStream;
using engine::Expr;
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

// A value short enough to quote in a one-line message.
std::string Short(const json& v) {
  std::string text = v.dump();
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

Status CheckKeys(const json& obj, const std::string& where, const KeySet& keys) {
  if (!obj.is_object()) {
    return Status::InvalidArgument(where + ": expected an object, got " + Short(obj));
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
    return Status::InvalidArgument(at + ": expected a list, got " + Short(obj[key]));
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
                                 "'fn', got " + Short(e));
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
    return Status::InvalidArgument(where + ": an operator needs 'op', got " + Short(op));
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
    return Status::InvalidArgument(where + ": expected an object, got " + Short(step));
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

// ---- What the format defines and Sluice has not built yet ----------------------------------

// Operators a later issue builds: a query using one is skipped, not failed.
const std::map<std::string, std::string>& PendingOps() {
  static const std::map<std::string, std::string> kOps{
      {"limit", "streaming limit"},
      {"sort", "sort"},
      {"flat_map_groups_with_state", "flatMapGroupsWithState"},
      {"map_groups_with_state", "mapGroupsWithState"}};
  return kOps;
}

// Functions the engine knows but the runner cannot yet express, with what is missing.
const std::map<std::string, std::string>& PendingFns() {
  static const std::map<std::string, std::string> kFns{{"window", "window outside group_by"}};
  return kFns;
}

// Every function FORMAT.md names; one the engine does not know is pending, any other name is a
// mistake in the case.
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

// Whether `name` is one of FORMAT.md's further types ("Types and values"). It looks at the
// outermost type only: a malformed nested type is still reported as pending, which is harmless
// because the case is skipped either way.
bool IsFormatType(const std::string& name) {
  if (name == "float" || name == "binary" || name == "date") return true;
  for (std::string_view prefix : {"decimal(", "array<", "map<", "struct<"}) {
    if (name.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// ---- The query ------------------------------------------------------------------------------

struct Builder {
  Builder(const json& q, ScenarioQuery* o) : query(q), out(o) {}

  const json& query;
  ScenarioQuery* out;
  std::map<std::string, DataStream> frames;
  std::map<std::string, engine::StaticTable> statics;
  std::optional<std::vector<engine::GroupKey>> pending_group_by;  // a group_by awaiting its agg
  bool pending_group_by_key = false;  // a group_by_key awaiting its *_groups_with_state

  void Need(const std::string& what) {
    if (!out->needs) out->needs = what;
  }

  // A type the format defines but the engine lacks is needed; the placeholder type is unused,
  // since a query that needs something is not run.
  Result<engine::DataType> ParseType(const std::string& name) {
    Result<engine::DataType> type = engine::ParseTypeName(name);
    if (type.ok() || !IsFormatType(name)) return type;
    Need("type '" + name + "'");
    return engine::DataType::kString;
  }

  Result<Expr> ParseLiteral(const json& e) {
    if (e.contains("type")) {
      Need("typed literal");
      return engine::Lit(int64_t{0});
    }
    const json& v = e["lit"];
    if (v.is_null()) return engine::LitNull(engine::DataType::kInt64);
    if (v.is_boolean()) return engine::Lit(v.get<bool>());
    if (v.is_number_integer()) return engine::Lit(v.get<int64_t>());
    if (v.is_number()) return engine::Lit(v.get<double>());
    if (v.is_string()) return engine::Lit(v.get<std::string>());
    return Status::InvalidArgument("literal " + v.dump() + " is not a scalar");
  }

  Result<Expr> ParseCall(const json& e) {
    const std::string fn = e["fn"].get<std::string>();
    if (auto it = PendingFns().find(fn); it != PendingFns().end()) {
      Need(it->second);
      return engine::Lit(int64_t{0});
    }
    Result<engine::Fn> f = engine::ParseFnName(fn);
    if (!f.ok() && IsFormatFunction(fn)) {
      Need("function '" + fn + "'");
      return engine::Lit(int64_t{0});
    }
    SLUICE_RETURN_IF_ERROR(f.status());
    std::vector<Expr> args;
    for (const json& a : e.value("args", json::array())) {
      SLUICE_ASSIGN_OR_RETURN(Expr x, ParseExpr(a));
      args.push_back(std::move(x));
    }
    if (f.value() != engine::Fn::kCast) return engine::Call(f.value(), std::move(args));
    SLUICE_ASSIGN_OR_RETURN(engine::DataType to, ParseType(e.at("to").get<std::string>()));
    if (args.size() != 1) return Status::InvalidArgument("cast takes one argument");
    return engine::CastTo(args[0], to);
  }

  Result<Expr> ParseExpr(const json& e) {
    if (e.contains("col")) return engine::Col(e["col"].get<std::string>());
    if (e.contains("lit")) return ParseLiteral(e);
    if (e.contains("interval")) {
      SLUICE_ASSIGN_OR_RETURN(engine::Duration d,
                              engine::ParseDuration(e["interval"].get<std::string>()));
      return engine::Interval(d);
    }
    if (!e.contains("fn"))
      return Status::InvalidArgument("expression " + e.dump() + " has no kind");
    return ParseCall(e);
  }

  Result<DataStream> Resolve(const std::string& name) {
    if (auto it = frames.find(name); it != frames.end()) return it->second;
    return Status::InvalidArgument("no input or frame named '" + name + "'");
  }

  Result<std::optional<engine::Duration>> OptionalDuration(const json& e, const char* key) {
    if (!e.contains(key) || e[key].is_null()) return std::optional<engine::Duration>();
    SLUICE_ASSIGN_OR_RETURN(engine::Duration d, engine::ParseDuration(e[key].get<std::string>()));
    return std::optional<engine::Duration>(d);
  }

  Result<engine::GroupKey> ParseGroupKey(const json& key) {
    const std::string name = key.at("as").get<std::string>();
    const json& e = key.at("expr");
    if (e.value("fn", "") != "window") {
      SLUICE_ASSIGN_OR_RETURN(Expr expr, ParseExpr(e));
      return engine::GroupKey{expr, name, std::nullopt};
    }
    if (e.at("args").size() != 1) return Status::InvalidArgument("window takes one time column");
    SLUICE_ASSIGN_OR_RETURN(Expr time, ParseExpr(e["args"][0]));
    engine::WindowSpec spec;
    SLUICE_ASSIGN_OR_RETURN(spec.duration,
                            engine::ParseDuration(e.at("duration").get<std::string>()));
    SLUICE_ASSIGN_OR_RETURN(std::optional<engine::Duration> slide, OptionalDuration(e, "slide"));
    SLUICE_ASSIGN_OR_RETURN(std::optional<engine::Duration> start,
                            OptionalDuration(e, "start_time"));
    if (slide) spec.slide = *slide;
    if (start) spec.start = *start;
    return engine::GroupKey{time, name, spec};
  }

  Result<DataStream> ApplyGroupBy(DataStream s, const json& op) {
    std::vector<engine::GroupKey> keys;
    for (const json& k : op.at("keys")) {
      SLUICE_ASSIGN_OR_RETURN(engine::GroupKey key, ParseGroupKey(k));
      keys.push_back(std::move(key));
    }
    pending_group_by = std::move(keys);
    return s;
  }

  Result<DataStream> ApplyAgg(DataStream s, const json& op) {
    std::vector<engine::AggSpec> aggs;
    for (const json& a : op.at("aggs")) {
      SLUICE_ASSIGN_OR_RETURN(engine::AggFn fn, engine::ParseAggFn(a.at("fn").get<std::string>()));
      std::optional<Expr> arg;
      if (!(a.at("arg").is_string() && a["arg"] == "*")) {
        SLUICE_ASSIGN_OR_RETURN(arg, ParseExpr(a["arg"]));
      }
      aggs.push_back({fn, std::move(arg), a.at("as").get<std::string>()});
    }
    std::vector<engine::GroupKey> keys = pending_group_by.value_or(std::vector<engine::GroupKey>{});
    pending_group_by.reset();
    return s.Aggregate(std::move(keys), std::move(aggs));
  }

  Result<DataStream> ApplySelect(DataStream s, const json& op) {
    std::vector<engine::NamedExpr> items;
    for (const json& item : op.at("items")) {
      if (item.contains("star")) {
        Need("select star (a struct's fields)");
        return s;
      }
      SLUICE_ASSIGN_OR_RETURN(Expr e, ParseExpr(item.at("expr")));
      if (out->needs) return s;
      items.push_back(e.As(item.at("as").get<std::string>()));
    }
    return s.Select(std::move(items));
  }

  Result<DataStream> ApplyJoin(DataStream s, const json& op) {
    const std::string right = op.at("right").get<std::string>();
    const std::string type = op.at("type").get<std::string>();
    auto table = statics.find(right);
    if (table == statics.end()) {
      Need("stream-stream join");
      return s;
    }
    if (type != "inner" && type != "left_outer") {
      Need(type + " join with a static table");
      return s;
    }
    SLUICE_ASSIGN_OR_RETURN(Expr cond, ParseExpr(op.at("on")));
    return s.Join(table->second,
                  type == "inner" ? engine::JoinType::kInner : engine::JoinType::kLeftOuter, cond);
  }

  Result<DataStream> ApplyOp(DataStream s, const json& op) {
    const std::string kind = op.at("op").get<std::string>();
    if (pending_group_by && kind != "agg") {
      return Status::InvalidArgument("group_by must be followed by agg, not '" + kind + "'");
    }
    const bool with_state = kind == "flat_map_groups_with_state" || kind == "map_groups_with_state";
    if (pending_group_by_key != with_state) {
      return Status::InvalidArgument(
          "group_by_key must be followed by flat_map_groups_with_state or map_groups_with_state, "
          "and they must follow it; found '" +
          kind + "'");
    }
    pending_group_by_key = kind == "group_by_key";
    if (auto it = PendingOps().find(kind); it != PendingOps().end()) {
      Need(it->second);
      return s;
    }
    if (kind == "group_by_key") return s;  // the function that follows is what is needed
    if (kind == "with_watermark") {
      const std::string delay = op.at("delay").get<std::string>();
      SLUICE_RETURN_IF_ERROR(engine::ParseDuration(delay).status());
      return s.WithWatermark(op.at("col").get<std::string>(), std::string_view(delay));
    }
    if (kind == "drop_duplicates" || kind == "drop_duplicates_within_watermark") {
      auto cols = op.at("cols").get<std::vector<std::string>>();
      return kind == "drop_duplicates" ? s.DropDuplicates(std::move(cols))
                                       : s.DropDuplicatesWithinWatermark(std::move(cols));
    }
    if (kind == "union") {
      SLUICE_ASSIGN_OR_RETURN(DataStream other, Resolve(op.at("with").get<std::string>()));
      return s.Union(other);
    }
    if (kind == "group_by") return ApplyGroupBy(s, op);
    if (kind == "agg") return ApplyAgg(s, op);
    if (kind == "select") return ApplySelect(s, op);
    if (kind == "join") return ApplyJoin(s, op);
    if (kind == "where" || kind == "with_column") {
      SLUICE_ASSIGN_OR_RETURN(Expr e, ParseExpr(op.at(kind == "where" ? "cond" : "expr")));
      if (kind == "where") return s.Where(e);
      return s.WithColumn(op.at("name").get<std::string>(), e);
    }
    return Status::InvalidArgument("unknown operator '" + kind + "'");
  }

  // Applies `ops` in order; stops at the first that needs what is not built, since the case is
  // then skipped and what follows may depend on it.
  Result<DataStream> ApplyOps(DataStream s, const json& ops) {
    for (const json& op : ops) {
      SLUICE_ASSIGN_OR_RETURN(s, ApplyOp(s, op));
      if (out->needs) return s;
    }
    if (pending_group_by) return Status::InvalidArgument("group_by without agg");
    if (pending_group_by_key) return Status::InvalidArgument("group_by_key without a function");
    return s;
  }

  Result<engine::Schema> ParseSchema(const json& fields, const std::string& where,
                                     std::vector<bool>* timestamp_ms) {
    engine::Schema schema;
    for (size_t i = 0; i < fields.size(); ++i) {
      const json& f = fields[i];
      if (!f.is_array() || f.size() != 2 || !f[0].is_string() || !f[1].is_string()) {
        return Status::InvalidArgument(where + ".schema[" + std::to_string(i) +
                                       "]: expected [name, type], got " + Short(f));
      }
      std::string type = f[1].get<std::string>();
      timestamp_ms->push_back(type == "timestamp_ms");
      if (type == "timestamp_ms") type = "timestamp";
      SLUICE_ASSIGN_OR_RETURN(engine::DataType t, ParseType(type));
      schema.fields.push_back({f[0].get<std::string>(), t});
    }
    return schema;
  }

  Status AddInputs() {
    const json& inputs = query.at("inputs");
    for (size_t i = 0; i < inputs.size(); ++i) {
      const std::string where = "query.inputs[" + std::to_string(i) + "]";
      ScenarioInput input;
      SLUICE_ASSIGN_OR_RETURN(engine::Schema schema,
                              ParseSchema(inputs[i].at("schema"), where, &input.timestamp_ms));
      const std::string name = inputs[i].at("name").get<std::string>();
      input.source = std::make_shared<engine::MemorySource>(name, schema, 1);
      frames.emplace(name, DataStream::From(input.source));
      out->inputs[name] = std::move(input);
    }
    return Status::Ok();
  }

  Status AddStatics() {
    const json& tables = query.value("static", json::array());
    for (size_t i = 0; i < tables.size() && !out->needs; ++i) {
      const std::string where = "query.static[" + std::to_string(i) + "]";
      std::vector<bool> ms;
      SLUICE_ASSIGN_OR_RETURN(engine::Schema schema,
                              ParseSchema(tables[i].at("schema"), where, &ms));
      if (out->needs) break;
      engine::RecordBatch rows(schema);
      const json& list = tables[i].at("rows");
      for (size_t r = 0; r < list.size(); ++r) {
        const std::string row = where + ".rows[" + std::to_string(r) + "]";
        SLUICE_ASSIGN_OR_RETURN(std::vector<engine::Value> values,
                                JsonToRow(list[r], row, schema, ms));
        rows.AppendRow(values);
      }
      const std::string name = tables[i].at("name").get<std::string>();
      statics.emplace(name, engine::StaticTable{name, std::move(rows)});
    }
    return Status::Ok();
  }

  Status BuildFrames() {
    std::optional<DataStream> last;
    for (const json& f : query["frames"]) {
      const std::string from = f.at("from").get<std::string>();
      if (statics.contains(from)) {
        Need("frame over a static table");
        return Status::Ok();
      }
      SLUICE_ASSIGN_OR_RETURN(DataStream s, Resolve(from));
      SLUICE_ASSIGN_OR_RETURN(s, ApplyOps(s, f.value("ops", json::array())));
      if (out->needs) return Status::Ok();
      frames.insert_or_assign(f.at("name").get<std::string>(), s);
      last = s;
    }
    if (!last) return Status::InvalidArgument("query.frames is empty");
    out->stream = last;
    return Status::Ok();
  }

  Status BuildOps() {
    if (out->inputs.size() != 1) {
      return Status::InvalidArgument("query.ops needs exactly one input");
    }
    SLUICE_ASSIGN_OR_RETURN(DataStream s,
                            ApplyOps(frames.begin()->second, query.value("ops", json::array())));
    out->stream = s;
    return Status::Ok();
  }

  Status ApplyQueryOptions() {
    SLUICE_ASSIGN_OR_RETURN(engine::OutputMode mode,
                            engine::ParseOutputMode(query.value("output_mode", "append")));
    out->options.output_mode = mode;
    if (query.contains("trigger")) {
      SLUICE_ASSIGN_OR_RETURN(out->options.trigger, ParseTrigger(query["trigger"]));
    }
    out->manual_clock = query.value("clock", "system") == "manual";
    if (query.contains("conf")) SLUICE_RETURN_IF_ERROR(ApplyConf(query["conf"], &out->options));
    return Status::Ok();
  }

  Status Build() {
    SLUICE_RETURN_IF_ERROR(AddInputs());
    SLUICE_RETURN_IF_ERROR(AddStatics());
    if (out->needs) return Status::Ok();
    SLUICE_RETURN_IF_ERROR(query.contains("frames") ? BuildFrames() : BuildOps());
    if (out->needs) return Status::Ok();
    return ApplyQueryOptions();
  }
};

}  // namespace

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

Result<engine::Trigger> ParseTrigger(const json& t) {
  const std::string kind = t.value("kind", "default");
  if (kind == "default") return engine::Trigger::Default();
  if (kind == "processing_time") {
    return engine::Trigger::ProcessingTime(engine::Millis(t.at("interval_ms").get<int64_t>()));
  }
  if (kind == "once") return engine::Trigger::Once();
  if (kind == "available_now") return engine::Trigger::AvailableNow();
  return Status::InvalidArgument("trigger kind '" + kind + "' is unknown");
}

Status ApplyConf(const json& conf, engine::QueryOptions* options) {
  for (const auto& [key, value] : conf.items()) {
    if (key == "shuffle_partitions") {
      options->shuffle_partitions = value.get<int>();
    } else if (key == "watermark_policy") {
      options->watermark_policy = value.get<std::string>();
    } else if (key == "no_data_batches") {
      options->no_data_batches = value.get<bool>();
    } else {
      return Status::InvalidArgument("conf option '" + key + "' is unknown");
    }
  }
  return Status::Ok();
}

Result<engine::Value> JsonToValue(const json& cell, engine::DataType type, bool timestamp_ms) {
  using engine::DataType;
  if (cell.is_null()) return engine::Value{};
  switch (type) {
    case DataType::kInt64:
      if (cell.is_number_integer()) return engine::Value{cell.get<int64_t>()};
      break;
    case DataType::kDouble:
      if (cell.is_number()) return engine::Value{cell.get<double>()};
      break;
    case DataType::kString:
      if (cell.is_string()) return engine::Value{cell.get<std::string>()};
      break;
    case DataType::kBool:
      if (cell.is_boolean()) return engine::Value{cell.get<bool>()};
      break;
    case DataType::kTimestamp:
      if (cell.is_number_integer()) {
        const int64_t n = cell.get<int64_t>();
        return engine::Value{timestamp_ms ? engine::MicrosFromMillis(n)
                                          : n * engine::kMicrosPerSecond};
      }
      break;
  }
  return Status::InvalidArgument("value " + cell.dump() + " is not a " +
                                 std::string(engine::TypeName(type)));
}

Result<std::vector<engine::Value>> JsonToRow(const json& row, const std::string& where,
                                             const engine::Schema& schema,
                                             const std::vector<bool>& timestamp_ms) {
  SLUICE_CHECK(timestamp_ms.size() == schema.fields.size(), "one timestamp_ms flag per column");
  if (!row.is_array()) {
    return Status::InvalidArgument(where + " is not a list of values: " + Short(row));
  }
  const size_t n = schema.fields.size();
  if (row.size() != n) {
    std::string names;
    for (const auto& f : schema.fields) names += (names.empty() ? "" : ", ") + f.name;
    return Status::InvalidArgument(where + " has " + std::to_string(row.size()) +
                                   (row.size() == 1 ? " value" : " values") + ", the schema has " +
                                   std::to_string(n) + " (" + names + ")");
  }
  std::vector<engine::Value> values;
  for (size_t c = 0; c < n; ++c) {
    Result<engine::Value> v = JsonToValue(row[c], schema.fields[c].type, timestamp_ms[c]);
    if (!v.ok()) return v.status().WithContext(where + ", column '" + schema.fields[c].name + "'");
    values.push_back(std::move(v).value());
  }
  SLUICE_CHECK(values.size() == n, "a row has one value per column");
  return values;
}

Result<ScenarioQuery> BuildScenarioQuery(const json& query) {
  ScenarioQuery out;
  Builder builder(query, &out);
  try {
    SLUICE_RETURN_IF_ERROR(builder.Build());
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("malformed query: ") + e.what());
  }
  return out;
}

}  // namespace sluice::sim
