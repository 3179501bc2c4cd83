#include "connectors/pipeline/query_values.h"

#include "connectors/pipeline/json_cell.h"
#include "connectors/pipeline/query_keys.h"
#include "engine/types/duration.h"

namespace sluice::connectors::pipeline {

using nlohmann::json;

namespace {

Status Expected(const std::string& where, const std::string& what, const json& got) {
  return Status::InvalidArgument(where + ": expected " + what + ", got " + ShortJson(got));
}

}  // namespace

Result<engine::Trigger> ParseTrigger(const json& t, const std::string& where) {
  const json kind = t.value("kind", json("default"));
  if (!kind.is_string()) return Expected(KeyPath(where, "kind"), "a string", kind);
  const std::string name = kind.get<std::string>();
  if (name != "processing_time" && t.contains("interval_ms")) {
    return Status::InvalidArgument(KeyPath(where, "interval_ms") +
                                   ": only a processing_time trigger has an interval");
  }
  if (name == "default") return engine::Trigger::Default();
  if (name == "processing_time") {
    const json interval = t.value("interval_ms", json());
    constexpr int64_t kYearMs = 366LL * 24 * 3600 * 1000;
    if (!interval.is_number_integer() || interval.get<int64_t>() < 0 ||
        interval.get<int64_t>() > kYearMs) {
      return Expected(KeyPath(where, "interval_ms"),
                      "a whole number of milliseconds from 0 to a year (31622400000)", interval);
    }
    return engine::Trigger::ProcessingTime(engine::Millis(interval.get<int64_t>()));
  }
  if (name == "once") return engine::Trigger::Once();
  if (name == "available_now") return engine::Trigger::AvailableNow();
  return Status::InvalidArgument(KeyPath(where, "kind") + ": trigger kind '" + name +
                                 "' is unknown (known: available_now, default, once, "
                                 "processing_time)");
}

Status ApplyConf(const json& conf, const std::string& where, engine::QueryOptions* options) {
  for (const auto& [key, value] : conf.items()) {
    const std::string at = KeyPath(where, key);
    if (key == "shuffle_partitions") {
      if (!value.is_number_integer() || value.get<int64_t>() < 1 || value.get<int64_t>() > 100000) {
        return Expected(at, "a whole number from 1 to 100000", value);
      }
      options->shuffle_partitions = value.get<int>();
    } else if (key == "watermark_policy") {
      if (value != "min" && value != "max") return Expected(at, "\"min\" or \"max\"", value);
      options->watermark_policy = value.get<std::string>();
    } else if (key == "no_data_batches") {
      if (!value.is_boolean()) return Expected(at, "true or false", value);
      options->no_data_batches = value.get<bool>();
    } else {
      return Status::InvalidArgument(at + ": conf option '" + key + "' is unknown");
    }
  }
  return Status::Ok();
}

Result<std::vector<engine::Value>> JsonToRow(const json& row, const std::string& where,
                                             const engine::Schema& schema,
                                             const std::vector<bool>& timestamp_ms) {
  SLUICE_CHECK(timestamp_ms.size() == schema.fields.size(), "one timestamp_ms flag per column");
  if (!row.is_array()) {
    return Status::InvalidArgument(where + " is not a list of values: " + ShortJson(row));
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

}  // namespace sluice::connectors::pipeline
