#include "connectors/pipeline/query_builder.h"

#include <algorithm>
#include <string_view>

#include "connectors/pipeline/json_cell.h"
#include "connectors/pipeline/query_keys.h"
#include "connectors/pipeline/query_values.h"
#include "engine/expr/function.h"
#include "engine/types/duration.h"
#include "engine/types/type_parser.h"

namespace sluice::connectors::pipeline {
namespace {

using engine::DataStream;
using engine::Expr;
using nlohmann::json;

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

// ---- The query ------------------------------------------------------------------------------

struct Builder {
  Builder(const json& q, std::string w, const InputFactory& i, BuiltQuery* o)
      : query(q), where(std::move(w)), make_input(i), out(o) {}

  const json& query;
  const std::string where;
  const InputFactory& make_input;
  BuiltQuery* out;
  size_t num_inputs = 0;
  std::map<std::string, DataStream> frames;
  std::map<std::string, engine::StaticTable> statics;
  std::optional<std::vector<engine::GroupKey>> pending_group_by;  // a group_by awaiting its agg
  bool pending_group_by_key = false;  // a group_by_key awaiting its *_groups_with_state

  void Need(const std::string& what) {
    if (!out->needs) out->needs = what;
  }

  Result<engine::DataType> ParseType(const std::string& name) {
    return engine::ParseTypeName(name);
  }

  Result<Expr> ParseLiteral(const json& e) {
    const json& v = e["lit"];
    if (e.contains("type")) {
      SLUICE_ASSIGN_OR_RETURN(engine::DataType type, ParseType(e["type"].get<std::string>()));
      Result<engine::Value> value = JsonToValue(v, type, false);
      if (!value.ok()) return value.status().WithContext("literal");
      return engine::Literal(std::move(value).value(), type);
    }
    if (v.is_null()) return engine::LitNull();
    if (v.is_boolean()) return engine::Lit(v.get<bool>());
    if (v.is_number_integer()) {
      const int64_t n = v.get<int64_t>();
      if (n >= INT32_MIN && n <= INT32_MAX) return engine::Lit(static_cast<int>(n));
      return engine::Lit(n);
    }
    if (v.is_number()) return engine::Lit(v.get<double>());
    if (v.is_string()) return engine::Lit(v.get<std::string>());
    return Status::InvalidArgument("literal " + v.dump() + " is not a scalar");
  }

  Result<Expr> ParseCall(const json& e) {
    const std::string fn = e["fn"].get<std::string>();
    if (fn == "window") return ParseWindow(e);
    Result<engine::Fn> f = engine::ParseFnName(fn);
    const bool in_registry = engine::FindFunction(fn) != nullptr;
    if (!f.ok() && !in_registry && IsFormatFunction(fn)) {
      Need("function '" + fn + "'");
      return engine::Lit(int64_t{0});
    }
    if (!in_registry) SLUICE_RETURN_IF_ERROR(f.status());
    std::vector<Expr> args;
    for (const json& a : e.value("args", json::array())) {
      SLUICE_ASSIGN_OR_RETURN(Expr x, ParseExpr(a));
      args.push_back(std::move(x));
    }
    if (!f.ok()) return engine::Call(fn, std::move(args));
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

  // window(time) with the format's duration, slide and start_time keys.
  Result<Expr> ParseWindow(const json& e) {
    if (e.at("args").size() != 1) return Status::InvalidArgument("window takes one time column");
    SLUICE_ASSIGN_OR_RETURN(Expr time, ParseExpr(e["args"][0]));
    auto text = [&](const char* key) -> std::optional<std::string> {
      if (!e.contains(key) || e[key].is_null()) return std::nullopt;
      return e[key].get<std::string>();
    };
    return engine::WindowCall(time, e.at("duration").get<std::string>(), text("slide"),
                              text("start_time"));
  }

  Result<engine::GroupKey> ParseGroupKey(const json& key) {
    SLUICE_ASSIGN_OR_RETURN(Expr expr, ParseExpr(key.at("expr")));
    return engine::MakeGroupKey(std::move(expr), key.at("as").get<std::string>());
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
        items.push_back(engine::Star(item.at("star").get<std::string>()));
        continue;
      }
      SLUICE_ASSIGN_OR_RETURN(Expr e, ParseExpr(item.at("expr")));
      if (out->needs) return s;
      const json& as = item.at("as");
      if (as.is_array()) {
        items.push_back(e.As(as.get<std::vector<std::string>>()));
      } else {
        items.push_back(e.As(as.get<std::string>()));
      }
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
  // Errors name the operator's key path (`at`[i]) and kind, a value of the wrong JSON type
  // included.
  Result<DataStream> ApplyOps(DataStream s, const json& ops, const std::string& at) {
    for (size_t i = 0; i < ops.size(); ++i) {
      const json& op = ops[i];
      Result<DataStream> applied = [&]() -> Result<DataStream> {
        try {
          return ApplyOp(s, op);
        } catch (const json::exception& e) {
          return Status::InvalidArgument(std::string("a value of the wrong type: ") + e.what());
        }
      }();
      if (!applied.ok()) {
        return applied.status().WithContext(at + "[" + std::to_string(i) + "] (" +
                                            op.value("op", std::string("?")) + ")");
      }
      s = std::move(applied).value();
      if (out->needs) return s;
    }
    if (pending_group_by) return Status::InvalidArgument(at + ": group_by without agg");
    if (pending_group_by_key) {
      return Status::InvalidArgument(at + ": group_by_key without a function");
    }
    return s;
  }

  Status AddInputs() {
    const json& inputs = query.at("inputs");
    const std::string at = KeyPath(where, "inputs");
    if (!inputs.is_array() || inputs.empty()) {
      return Status::InvalidArgument(at + ": expected a list of one or more inputs");
    }
    for (size_t i = 0; i < inputs.size(); ++i) {
      const std::string input = at + "[" + std::to_string(i) + "]";
      const json& name = inputs[i].at("name");
      if (!name.is_string() || name.get<std::string>().empty()) {
        return Status::InvalidArgument(input + ".name: expected a non-empty string, got " +
                                       ShortJson(name));
      }
      if (frames.contains(name.get<std::string>())) {
        return Status::InvalidArgument(input + ".name: a second input named '" +
                                       name.get<std::string>() + "'");
      }
      SLUICE_ASSIGN_OR_RETURN(DataStream stream, make_input(inputs[i], input));
      frames.emplace(name.get<std::string>(), std::move(stream));
      ++num_inputs;
    }
    return Status::Ok();
  }

  Status AddStatics() {
    const json& tables = query.value("static", json::array());
    for (size_t i = 0; i < tables.size() && !out->needs; ++i) {
      const std::string table = KeyPath(where, "static") + "[" + std::to_string(i) + "]";
      std::vector<bool> ms;
      SLUICE_ASSIGN_OR_RETURN(engine::Schema schema,
                              ParseSchemaList(tables[i].at("schema"), table, &ms));
      if (out->needs) break;
      engine::RecordBatch rows(schema);
      const json& list = tables[i].at("rows");
      for (size_t r = 0; r < list.size(); ++r) {
        const std::string row = table + ".rows[" + std::to_string(r) + "]";
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
    const json& all = query["frames"];
    for (size_t i = 0; i < all.size(); ++i) {
      const json& f = all[i];
      const std::string frame = KeyPath(where, "frames") + "[" + std::to_string(i) + "]";
      const std::string from = f.at("from").get<std::string>();
      if (statics.contains(from)) {
        Need("frame over a static table");
        return Status::Ok();
      }
      Result<DataStream> resolved = Resolve(from);
      if (!resolved.ok()) return resolved.status().WithContext(frame + ".from");
      DataStream s = std::move(resolved).value();
      SLUICE_ASSIGN_OR_RETURN(s, ApplyOps(s, f.value("ops", json::array()), frame + ".ops"));
      if (out->needs) return Status::Ok();
      frames.insert_or_assign(f.at("name").get<std::string>(), s);
      last = s;
    }
    if (!last) return Status::InvalidArgument(KeyPath(where, "frames") + " is empty");
    out->stream = last;
    return Status::Ok();
  }

  Status BuildOps() {
    if (num_inputs != 1) {
      return Status::InvalidArgument(KeyPath(where, "ops") +
                                     " needs exactly one input (use frames for several)");
    }
    SLUICE_ASSIGN_OR_RETURN(
        DataStream s,
        ApplyOps(frames.begin()->second, query.value("ops", json::array()), KeyPath(where, "ops")));
    out->stream = s;
    return Status::Ok();
  }

  Status ApplyQueryOptions() {
    SLUICE_ASSIGN_OR_RETURN(engine::OutputMode mode,
                            engine::ParseOutputMode(query.value("output_mode", "append")));
    out->options.output_mode = mode;
    if (query.contains("trigger")) {
      SLUICE_ASSIGN_OR_RETURN(out->options.trigger,
                              ParseTrigger(query["trigger"], KeyPath(where, "trigger")));
    }
    out->manual_clock = query.value("clock", "system") == "manual";
    if (query.contains("conf")) {
      SLUICE_RETURN_IF_ERROR(ApplyConf(query["conf"], KeyPath(where, "conf"), &out->options));
    }
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

Result<engine::Schema> ParseSchemaList(const json& fields, const std::string& where,
                                       std::vector<bool>* timestamp_ms) {
  const std::string at = KeyPath(where, "schema");
  if (!fields.is_array()) {
    return Status::InvalidArgument(at + ": expected a list of [name, type], got " +
                                   ShortJson(fields));
  }
  engine::Schema schema;
  for (size_t i = 0; i < fields.size(); ++i) {
    const json& f = fields[i];
    if (!f.is_array() || f.size() != 2 || !f[0].is_string() || !f[1].is_string()) {
      return Status::InvalidArgument(at + "[" + std::to_string(i) +
                                     "]: expected [name, type], got " + ShortJson(f));
    }
    std::string type = f[1].get<std::string>();
    timestamp_ms->push_back(type == "timestamp_ms");
    if (type == "timestamp_ms") type = "timestamp";
    Result<engine::DataType> t = engine::ParseTypeName(type);
    if (!t.ok()) return t.status().WithContext(at + "[" + std::to_string(i) + "]");
    schema.fields.push_back({f[0].get<std::string>(), t.value()});
  }
  return schema;
}

Result<BuiltQuery> BuildQuery(const json& query, const std::string& where,
                              const InputFactory& inputs) {
  BuiltQuery out;
  Builder builder(query, where, inputs, &out);
  try {
    SLUICE_RETURN_IF_ERROR(builder.Build());
  } catch (const json::exception& e) {
    return Status::InvalidArgument(
        "malformed " + (where.empty() ? std::string("pipeline") : where) + ": " + e.what());
  }
  return out;
}

}  // namespace sluice::connectors::pipeline
