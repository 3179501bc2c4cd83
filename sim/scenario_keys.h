// The vocabulary of the scenario format (tests/scenarios/FORMAT.md): which keys a case, its query
// and its steps may have (the query object's keys are connectors/pipeline/query_keys.h's).
//
// Rules: the checks here look at names and shapes only, never at values, and know the whole
// format, including the parts Sluice has not built; building the query is scenario_query.h's.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "connectors/pipeline/query_keys.h"
#include "storage/status.h"

namespace sluice::sim {

// The first key of the case that the format does not define, or a required key that is missing,
// as an error naming where it is ("query.frames[1].ops[0] (join): unknown key 'rigth'", "step 3
// (add): missing key 'rows'"); also a step with no kind or two. Checks names only, not values,
// and knows the whole format, including the parts Sluice has not built.
Status CheckScenarioKeys(const nlohmann::json& scenario);

// The step's kind: its one key besides `sorted`. REQUIRES: CheckScenarioKeys passed.
std::string StepKind(const nlohmann::json& step);

}  // namespace sluice::sim
