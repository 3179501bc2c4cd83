// Scenario cells: one value of a scenario file (tests/scenarios/FORMAT.md, "How a value is
// written") as the engine's Value, and the canonical text by which check rows compare.
//
// Rules: every type of the format has one written form (a decimal as a plain string with exactly
// its scale, binary as "base64:...", a date as "YYYY-MM-DD", a timestamp as epoch seconds or a
// UTC date-time string, a map as [key, value] pairs, a struct as an object); a cell of the wrong
// form is an error naming what was expected. Two cells are equal as the format says exactly when
// their canonical texts are equal.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "engine/types/data_type.h"
#include "engine/types/value.h"
#include "storage/status.h"

namespace sluice::connectors::pipeline {

// One JSON cell as a value of `type`; `timestamp_ms` reads a top-level timestamp as epoch
// milliseconds instead of seconds. null is the null value of any type.
Result<engine::Value> JsonToValue(const nlohmann::json& cell, const engine::DataType& type,
                                  bool timestamp_ms);

// The canonical text of a value of `type`: doubles to 9 significant digits and floats to 6 (the
// format's tolerances), timestamps in microseconds, map entries in sorted order.
std::string CanonicalCell(const engine::Value& v, const engine::DataType& type);

}  // namespace sluice::connectors::pipeline
