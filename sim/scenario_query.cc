#include "sim/scenario_query.h"

#include <sstream>

namespace sluice::sim {
namespace {

using nlohmann::json;
using engine::DataStream;
using engine::Expr;

// Operators and functions that later issues build; a query using one is skipped, not failed.
const std::map<std::string, std::string>& PendingOps() {
  static const std::map<std::string, std::string> ops{{"limit", "limit"}};
  return ops;
}
const std::map<std::string, std::string>& PendingFns() {
  static const std::map<std::string, std::string> fns{
      {"window", "window outside group_by"}, {"session_window", "session_window"},
      {"split", "split"},
      {"explode", "explode"}};
  return fns;
}

struct Builder {
  const json& query;
  ScenarioQuery* out;
  std::map<std::string, DataStream> frames;
  std::map<std::string, engine::StaticTable> statics;
  std::optional<std::vector<engine::GroupKey>> pending_group_by;  // a group_by awaiting its agg

  void Need(const std::string& what) {
    if (!out->needs) out->needs = what;
  }

  Result<Expr> ParseExpr(const json& e) {
    if (e.contains("col")) return engine::Col(e["col"].get<std::string>());
    if (e.contains("lit")) {
      const json& v = e["lit"];
      if (v.is_null()) return engine::LitNull(engine::DataType::kInt64);
      if (v.is_boolean()) return engine::Lit(v.get<bool>());
      if (v.is_number_integer()) return engine::Lit(v.get<int64_t>());
      if (v.is_number()) return engine::Lit(v.get<double>());
      if (v.is_string()) return engine::Lit(v.get<std::string>());
      return Status::InvalidArgument("literal " + v.dump() + " is not a scalar");
    }
    if (e.contains("interval")) {
      SLUICE_ASSIGN_OR_RETURN(engine::Duration d,
                              engine::ParseDuration(e["interval"].get<std::string>()));
      return engine::Interval(d);
    }
    if (!e.contains("fn")) return Status::InvalidArgument("expression " + e.dump() + " has no kind");
    const std::string fn = e["fn"].get<std::string>();
    if (auto it = PendingFns().find(fn); it != PendingFns().end()) {
      Need(it->second);
      return engine::Lit(int64_t{0});
    }
    std::vector<Expr> args;
    for (const json& a : e.value("args", json::array())) {
      SLUICE_ASSIGN_OR_RETURN(Expr x, ParseExpr(a));
      args.push_back(std::move(x));
    }
    SLUICE_ASSIGN_OR_RETURN(engine::Fn f, engine::ParseFnName(fn));
    if (f == engine::Fn::kCast) {
      SLUICE_ASSIGN_OR_RETURN(engine::DataType to, engine::ParseTypeName(e.at("to").get<std::string>()));
      if (args.size() != 1) return Status::InvalidArgument("cast takes one argument");
      return engine::CastTo(args[0], to);
    }
    return engine::Call(f, std::move(args));
  }

  Result<DataStream> Resolve(const std::string& name) {
    if (auto it = frames.find(name); it != frames.end()) return it->second;
    return Status::InvalidArgument("no input or frame named '" + name + "'");
  }

  Result<engine::GroupKey> ParseGroupKey(const json& key) {
    const std::string name = key.at("as").get<std::string>();
    const json& e = key.at("expr");
    if (e.value("fn", "") == "window") {
      if (e.at("args").size() != 1) return Status::InvalidArgument("window takes one time column");
      SLUICE_ASSIGN_OR_RETURN(Expr time, ParseExpr(e["args"][0]));
      engine::WindowSpec spec;
      SLUICE_ASSIGN_OR_RETURN(spec.duration, engine::ParseDuration(e.at("duration").get<std::string>()));
      if (e.contains("slide") && !e["slide"].is_null()) {
        SLUICE_ASSIGN_OR_RETURN(spec.slide, engine::ParseDuration(e["slide"].get<std::string>()));
      }
      if (e.contains("start_time") && !e["start_time"].is_null()) {
        SLUICE_ASSIGN_OR_RETURN(spec.start, engine::ParseDuration(e["start_time"].get<std::string>()));
      }
      return engine::GroupKey{time, name, spec};
    }
    SLUICE_ASSIGN_OR_RETURN(Expr expr, ParseExpr(e));
    return engine::GroupKey{expr, name, std::nullopt};
  }

  Result<DataStream> ApplyOp(DataStream s, const json& op) {
    const std::string kind = op.at("op").get<std::string>();
    if (auto it = PendingOps().find(kind); it != PendingOps().end()) {
      Need(it->second);
      return s;
    }
    if (pending_group_by && kind != "agg") {
      return Status::InvalidArgument("group_by must be followed by agg, not '" + kind + "'");
    }
    if (kind == "with_watermark") {
      const std::string delay = op.at("delay").get<std::string>();
      SLUICE_RETURN_IF_ERROR(engine::ParseDuration(delay).status());
      return s.WithWatermark(op.at("col").get<std::string>(), std::string_view(delay));
    }
    if (kind == "group_by") {
      std::vector<engine::GroupKey> keys;
      for (const json& k : op.at("keys")) {
        SLUICE_ASSIGN_OR_RETURN(engine::GroupKey key, ParseGroupKey(k));
        keys.push_back(std::move(key));
      }
      pending_group_by = std::move(keys);
      return s;
    }
    if (kind == "agg") {
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
    if (kind == "drop_duplicates" || kind == "drop_duplicates_within_watermark") {
      std::vector<std::string> cols = op.value("cols", std::vector<std::string>{});
      return kind == "drop_duplicates" ? s.DropDuplicates(std::move(cols))
                                       : s.DropDuplicatesWithinWatermark(std::move(cols));
    }
    if (kind == "select") {
      std::vector<engine::NamedExpr> items;
      for (const json& item : op.at("items")) {
        SLUICE_ASSIGN_OR_RETURN(Expr e, ParseExpr(item.at("expr")));
        if (item.at("expr").contains("fn") && item["expr"]["fn"] == "explode") Need("explode");
        items.push_back(e.As(item.at("as").get<std::string>()));
      }
      return s.Select(std::move(items));
    }
    if (kind == "where") {
      SLUICE_ASSIGN_OR_RETURN(Expr e, ParseExpr(op.at("cond")));
      return s.Where(e);
    }
    if (kind == "with_column") {
      SLUICE_ASSIGN_OR_RETURN(Expr e, ParseExpr(op.at("expr")));
      return s.WithColumn(op.at("name").get<std::string>(), e);
    }
    if (kind == "union") {
      SLUICE_ASSIGN_OR_RETURN(DataStream other, Resolve(op.at("with").get<std::string>()));
      return s.Union(other);
    }
    if (kind == "join") {
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
                    type == "inner" ? engine::JoinType::kInner : engine::JoinType::kLeftOuter,
                    cond);
    }
    return Status::InvalidArgument("unknown operator '" + kind + "'");
  }

  Result<engine::Schema> ParseSchema(const json& fields, bool* timestamp_ms) {
    engine::Schema schema;
    for (const json& f : fields) {
      std::string type = f.at(1).get<std::string>();
      if (type == "timestamp_ms") {
        *timestamp_ms = true;
        type = "timestamp";
      }
      SLUICE_ASSIGN_OR_RETURN(engine::DataType t, engine::ParseTypeName(type));
      schema.fields.push_back({f.at(0).get<std::string>(), t});
    }
    return schema;
  }

  Status Build() {
    for (const json& in : query.at("inputs")) {
      bool ms = false;
      SLUICE_ASSIGN_OR_RETURN(engine::Schema schema, ParseSchema(in.at("schema"), &ms));
      const std::string name = in.at("name").get<std::string>();
      auto source = std::make_shared<engine::MemorySource>(name, schema, 1);
      out->inputs[name] = source;
      frames.emplace(name, DataStream::From(source));
    }
    for (const json& t : query.value("static", json::array())) {
      bool ms = false;
      SLUICE_ASSIGN_OR_RETURN(engine::Schema schema, ParseSchema(t.at("schema"), &ms));
      engine::RecordBatch rows(schema);
      for (const json& row : t.at("rows")) {
        std::vector<engine::Value> values;
        for (size_t c = 0; c < schema.fields.size(); ++c) {
          SLUICE_ASSIGN_OR_RETURN(engine::Value v, JsonToValue(row.at(c), schema.fields[c].type, ms));
          values.push_back(std::move(v));
        }
        rows.AppendRow(values);
      }
      const std::string name = t.at("name").get<std::string>();
      statics.emplace(name, engine::StaticTable{name, std::move(rows)});
    }
    if (query.contains("frames")) {
      std::optional<DataStream> last;
      for (const json& f : query["frames"]) {
        SLUICE_ASSIGN_OR_RETURN(DataStream s, Resolve(f.at("from").get<std::string>()));
        for (const json& op : f.value("ops", json::array())) {
          SLUICE_ASSIGN_OR_RETURN(s, ApplyOp(s, op));
        }
        if (pending_group_by) return Status::InvalidArgument("group_by without agg");
        frames.insert_or_assign(f.at("name").get<std::string>(), s);
        last = s;
      }
      if (!last) return Status::InvalidArgument("query.frames is empty");
      out->stream = last;
    } else {
      if (out->inputs.size() != 1) return Status::InvalidArgument("query.ops needs exactly one input");
      DataStream s = frames.begin()->second;
      for (const json& op : query.value("ops", json::array())) {
        SLUICE_ASSIGN_OR_RETURN(s, ApplyOp(s, op));
      }
      if (pending_group_by) return Status::InvalidArgument("group_by without agg");
      out->stream = s;
    }
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
};

}  // namespace

Result<engine::Trigger> ParseTrigger(const nlohmann::json& t) {
  const std::string kind = t.value("kind", "default");
  if (kind == "default") return engine::Trigger::Default();
  if (kind == "processing_time") return engine::Trigger::ProcessingTime(engine::Millis(t.at("interval_ms").get<int64_t>()));
  if (kind == "once") return engine::Trigger::Once();
  if (kind == "available_now") return engine::Trigger::AvailableNow();
  return Status::InvalidArgument("trigger kind '" + kind + "' is unknown");
}

Status ApplyConf(const nlohmann::json& conf, engine::QueryOptions* options) {
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

Result<engine::Value> JsonToValue(const nlohmann::json& cell, engine::DataType type,
                                  bool timestamp_ms) {
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
        return engine::Value{cell.get<int64_t>() * (timestamp_ms ? 1000 : 1000000)};
      }
      break;
  }
  return Status::InvalidArgument("value " + cell.dump() + " is not a " +
                                 std::string(engine::TypeName(type)));
}

Result<ScenarioQuery> BuildScenarioQuery(const nlohmann::json& query) {
  ScenarioQuery out;
  Builder builder{query, &out, {}, {}, std::nullopt};
  try {
    SLUICE_RETURN_IF_ERROR(builder.Build());
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("malformed query: ") + e.what());
  }
  return out;
}

}  // namespace sluice::sim
