#include "sim/scenario_query.h"

#include "connectors/pipeline/query_builder.h"

namespace sluice::sim {

Result<ScenarioQuery> BuildScenarioQuery(const nlohmann::json& query) {
  ScenarioQuery out;
  auto make_input = [&](const nlohmann::json& input,
                        const std::string& where) -> Result<engine::DataStream> {
    ScenarioInput made;
    SLUICE_ASSIGN_OR_RETURN(
        engine::Schema schema,
        connectors::pipeline::ParseSchemaList(input.at("schema"), where, &made.timestamp_ms));
    const std::string name = input.at("name").get<std::string>();
    made.source = std::make_shared<engine::MemorySource>(name, schema, 1);
    engine::DataStream stream = engine::DataStream::From(made.source);
    out.inputs[name] = std::move(made);
    return stream;
  };
  SLUICE_ASSIGN_OR_RETURN(connectors::pipeline::BuiltQuery built,
                          connectors::pipeline::BuildQuery(query, "query", make_input));
  out.stream = std::move(built.stream);
  out.options = std::move(built.options);
  out.manual_clock = built.manual_clock;
  out.needs = std::move(built.needs);
  return out;
}

}  // namespace sluice::sim
