// Translates the `query` object of a scenario (tests/scenarios/FORMAT.md) into a Sluice query:
// one memory source per input, static tables, frames and operators.
//
// Rules: a query that needs something the format defines but Sluice does not have yet (an
// operator, a function, a type) yields `needs` (what is missing) rather than an error, so the
// runner reports the case as skipped; anything malformed is an error naming the field.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"

namespace sluice::sim {

// One memory source and, per column, whether its timestamps are written in milliseconds
// (`timestamp_ms`) rather than seconds.
struct ScenarioInput {
  std::shared_ptr<engine::MemorySource> source;
  std::vector<bool> timestamp_ms;
};

struct ScenarioQuery {
  std::map<std::string, ScenarioInput> inputs;
  std::optional<engine::DataStream> stream;
  engine::QueryOptions options;
  bool manual_clock = false;
  std::optional<std::string> needs;  // set: the case is skipped, because this is not built yet
};

// The first key of the case that the format does not define, or a required key that is missing,
// as an error naming where it is ("query.frames[1].ops[0] (join): unknown key 'rigth'", "step 3
// (add): missing key 'rows'"); also a step with no kind or two. Checks names only, not values,
// and knows the whole format, including the parts Sluice has not built.
Status CheckScenarioKeys(const nlohmann::json& scenario);
// The step's kind: its one key besides `sorted`. REQUIRES: CheckScenarioKeys passed.
std::string StepKind(const nlohmann::json& step);

Result<ScenarioQuery> BuildScenarioQuery(const nlohmann::json& query);

Result<engine::Trigger> ParseTrigger(const nlohmann::json& trigger);
// Applies a `conf` object (shuffle_partitions, watermark_policy, no_data_batches).
Status ApplyConf(const nlohmann::json& conf, engine::QueryOptions* options);
// One JSON cell as a value of `type` (timestamps given as epoch seconds, or milliseconds).
Result<engine::Value> JsonToValue(const nlohmann::json& cell, engine::DataType type,
                                  bool timestamp_ms);
// One row of `schema` from a JSON list with exactly one value per column; errors name the row
// (`where`) and the column.
Result<std::vector<engine::Value>> JsonToRow(const nlohmann::json& row, const std::string& where,
                                             const engine::Schema& schema,
                                             const std::vector<bool>& timestamp_ms);

}  // namespace sluice::sim
