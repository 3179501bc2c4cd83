#include "sim/scenario_values.h"

#include "engine/types/duration.h"
#include "sim/scenario_cell.h"
#include "sim/scenario_keys.h"

namespace sluice::sim {

using nlohmann::json;

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

}  // namespace sluice::sim
