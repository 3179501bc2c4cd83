// Reads the plain values of a query object (tests/scenarios/FORMAT.md) as the engine's: a row of
// input, a trigger, a `conf` object.
//
// Rules: a value of the wrong shape or type is an error naming where it is (`where`, a key path),
// never an exception; each function checks only its own value, not the keys around it (that is
// query_keys.h's).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/query/query_options.h"
#include "engine/query/trigger.h"
#include "engine/types/data_type.h"
#include "engine/types/record_batch.h"
#include "storage/status.h"

namespace sluice::connectors::pipeline {

// A `trigger` object: kind default (when absent), processing_time (with interval_ms), once or
// available_now; any other kind is an error.
Result<engine::Trigger> ParseTrigger(const nlohmann::json& trigger, const std::string& where);

// Applies a `conf` object (shuffle_partitions, watermark_policy, no_data_batches) to `options`;
// any other option is an error.
Status ApplyConf(const nlohmann::json& conf, const std::string& where,
                 engine::QueryOptions* options);

// One row of `schema` from a JSON list with exactly one value per column; errors name the row
// (`where`) and the column. REQUIRES: one timestamp_ms flag per column.
Result<std::vector<engine::Value>> JsonToRow(const nlohmann::json& row, const std::string& where,
                                             const engine::Schema& schema,
                                             const std::vector<bool>& timestamp_ms);

}  // namespace sluice::connectors::pipeline
