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
#include <vector>

#include "engine/types/data_type.h"

namespace sluice::engine {

std::optional<DataType> WiderType(const DataType& a, const DataType& b);

// Spark's findWiderTypeForTwo: WiderType, and else a string with any other type but binary, bool
// or a nested type gives a string (also inside arrays, maps and structs: array<int> with
// array<string> gives array<string>).
std::optional<DataType> WiderTypeWithStrings(const DataType& a, const DataType& b);

// Spark's findWiderCommonType, as coalesce, CASE WHEN, IN and union use it: WiderTypeWithStrings
// over all the types, the types holding strings first (so that timestamp, int and string give
// string). The null type for no types.
std::optional<DataType> WiderCommonType(const std::vector<DataType>& types);

// The type both operands of a comparison are cast to (Spark's PromoteStrings,
// findCommonTypeForBinaryComparison, BooleanEquality and the numeric widening of
// ImplicitTypeCasts): a string with a date, a timestamp or another non-string scalar is cast to
// that type, except that a string with a decimal compares as double; a date with a timestamp as
// timestamp; for equality (`equality`) a bool with a number as the number; numbers in their wider
// type; the null type takes the other type. nullopt when they cannot be compared.
std::optional<DataType> ComparisonType(const DataType& a, const DataType& b, bool equality);

}  // namespace sluice::engine
