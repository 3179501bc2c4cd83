// Translates the `query` object of a scenario (tests/scenarios/FORMAT.md) into a Sluice query:
// one memory source per input, static tables, frames and operators (connectors/pipeline/
// query_builder.h builds all but the inputs).
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

Result<ScenarioQuery> BuildScenarioQuery(const nlohmann::json& query);

}  // namespace sluice::sim
