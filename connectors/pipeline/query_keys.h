// The vocabulary of a query object (the `query` of tests/scenarios/FORMAT.md, which a pipeline
// file extends): which keys a query, its inputs, frames, operators and expressions may have, and
// which functions and types the format names.
//
// Rules: the checks look at names and shapes only, never at values, and know the whole format,
// including the parts Sluice has not built (building the query is query_builder.h's). Every error
// names where the key is, as a path from the object checked: `query.frames[1].ops[0] (join):
// unknown key 'rigth'` in a scenario, `inputs[0]: missing key 'format'` in a pipeline file.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "storage/status.h"

namespace sluice::connectors::pipeline {

using Keys = std::vector<std::string_view>;

// The keys an object must have and those it may have.
struct KeySet {
  Keys required;
  Keys optional;
};

// Whether `keys` holds `key`.
bool HasKey(const Keys& keys, std::string_view key);
// The keys sorted, separated by ", ": how an error lists the known keys.
std::string JoinKeys(Keys keys);

// `where`.`key`, or `key` alone at the root (`where` empty).
std::string KeyPath(const std::string& where, const std::string& key);

// The first key of `obj` that `keys` does not name, or a required key that is missing, as an error
// naming `where` (or "the pipeline file" at the root); also an `obj` that is not an object.
Status CheckKeys(const nlohmann::json& obj, const std::string& where, const KeySet& keys);

// Checks each element of the list obj[key], if there is one, naming it where.key[i].
Status CheckList(const nlohmann::json& obj, const std::string& key, const std::string& where,
                 const std::function<Status(const nlohmann::json&, const std::string&)>& check);

// A `trigger` object, a `conf` object.
Status CheckTriggerKeys(const nlohmann::json& trigger, const std::string& where);
Status CheckConfKeys(const nlohmann::json& conf, const std::string& where);

// What a query object holds besides the format's own keys, and how its inputs are checked: a
// scenario's inputs are memory sources ({name, schema}); a pipeline's name a connector.
struct QueryShape {
  KeySet extra;  // keys of the query object besides the format's
  std::function<Status(const nlohmann::json& input, const std::string& where)> check_input;
};

// The keys of a query object at `where` ("query" in a scenario, "" for a pipeline file).
Status CheckQueryKeys(const nlohmann::json& query, const std::string& where,
                      const QueryShape& shape);

// The words of a space-separated list; they view `text`, which must outlive them.
Keys Words(std::string_view text);

// Whether `name` is one of the functions FORMAT.md names. One the engine does not know is pending
// (a scenario using it is skipped); any other unknown name is a mistake.
bool IsFormatFunction(const std::string& name);

// A JSON value short enough to quote in a one-line message: its compact text, cut to 57
// characters and "..." when longer than 60.
std::string ShortJson(const nlohmann::json& v);

}  // namespace sluice::connectors::pipeline
