// Type coercion: the common type Spark finds for two types, as union, coalesce, CASE, greatest
// and comparisons use it (ANSI mode off).
//
// Rules (Spark's findWiderTypeForTwo, without promotion to string):
//   - equal types are their own common type; the null type yields to any type;
//   - numbers widen int < long < float < double; a decimal with an integer widens to a decimal
//     that holds both (int as decimal(10,0), long as decimal(20,0)); a decimal with a float or
//     double widens to double; two decimals to the decimal that holds both (precision capped at
//     38, keeping the integer digits);
//   - date and timestamp widen to timestamp;
//   - arrays, maps and structs (with the same field names) widen element by element.
// Anything else has no common type.
#pragma once

#include <optional>

#include "engine/types/data_type.h"

namespace sluice::engine {

std::optional<DataType> WiderType(const DataType& a, const DataType& b);

}  // namespace sluice::engine
