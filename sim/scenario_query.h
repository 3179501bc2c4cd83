// Translates the `query` object of a scenario (../shared/scenarios/FORMAT.md) into a Sluice
// query: one memory source per input, static tables, frames and operators.
//
// Rules: a query that needs an operator Sluice does not have yet yields `needs` (the operator's
// name) rather than an error, so the runner reports the case as skipped; anything malformed is an
// error naming the field.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/query/data_stream.h"
#include "engine/io/memory_source.h"

namespace sluice::sim {

struct ScenarioQuery {
  std::map<std::string, std::shared_ptr<engine::MemorySource>> inputs;
  std::optional<engine::DataStream> stream;
  engine::QueryOptions options;
  bool manual_clock = false;
  std::optional<std::string> needs;  // set: the case is skipped
};

Result<ScenarioQuery> BuildScenarioQuery(const nlohmann::json& query);

Result<engine::Trigger> ParseTrigger(const nlohmann::json& trigger);
// Applies a `conf` object (shuffle_partitions, watermark_policy, no_data_batches).
Status ApplyConf(const nlohmann::json& conf, engine::QueryOptions* options);
// One JSON cell as a value of `type` (timestamps given as epoch seconds).
Result<engine::Value> JsonToValue(const nlohmann::json& cell, engine::DataType type,
                                  bool timestamp_ms);

}  // namespace sluice::sim
