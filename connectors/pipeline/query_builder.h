// Translates a query object (the `query` of tests/scenarios/FORMAT.md, which a pipeline file
// extends) into a Sluice query: its inputs (made by the caller), static tables, frames,
// operators, output mode, trigger and conf.
//
// Rules: a query that needs something the format defines but Sluice does not have yet (an
// operator, a function, a type) yields `needs` (what is missing) rather than an error, so that a
// scenario runner can skip it and a pipeline refuse it by name; anything malformed is an error
// naming its key path. Inputs are made by the caller's InputFactory, in order, each once.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/query/data_stream.h"
#include "engine/query/query_options.h"
#include "engine/types/data_type.h"
#include "storage/status.h"

namespace sluice::connectors::pipeline {

// The stream of one entry of `inputs`, whose key path is `where` ("query.inputs[0]").
using InputFactory = std::function<Result<engine::DataStream>(const nlohmann::json& input,
                                                              const std::string& where)>;

struct BuiltQuery {
  std::optional<engine::DataStream> stream;  // what the sink receives; unset when `needs` is set
  engine::QueryOptions options;
  bool manual_clock = false;         // `clock: manual`
  std::optional<std::string> needs;  // set: what the query needs that is not built yet
};

// The query object `query`, at key path `where` ("query" in a scenario, "" at a pipeline file's
// root). REQUIRES: CheckQueryKeys passed.
Result<BuiltQuery> BuildQuery(const nlohmann::json& query, const std::string& where,
                              const InputFactory& inputs);

// A schema written as a list of [name, type] (the format's `schema`), at `where`.schema; with,
// per column, whether its timestamps are written in milliseconds (`timestamp_ms`).
Result<engine::Schema> ParseSchemaList(const nlohmann::json& fields, const std::string& where,
                                       std::vector<bool>* timestamp_ms);

}  // namespace sluice::connectors::pipeline
