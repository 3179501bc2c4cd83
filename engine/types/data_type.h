// Column types and single values.
//
// A timestamp is microseconds since the epoch, UTC, stored as int64. A Value is one cell: null
// or a value of its column's type (timestamps travel as int64).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "storage/status.h"

namespace sluice::engine {

enum class DataType : uint8_t { kInt64, kDouble, kString, kBool, kTimestamp };

std::string_view TypeName(DataType type);
// Accepts Sluice names and the scenario format's: int, long, int64, double, string, bool,
// boolean, timestamp.
Result<DataType> ParseTypeName(std::string_view name);
bool IsNumeric(DataType type);

using Value = std::variant<std::monostate, int64_t, double, std::string, bool>;

inline bool IsNull(const Value& v) { return std::holds_alternative<std::monostate>(v); }
std::string ValueToString(const Value& v);

// "YYYY-MM-DD HH:MM:SS" in UTC, as Spark casts a timestamp to a string (fraction if non-zero).
std::string FormatTimestamp(int64_t micros);

}  // namespace sluice::engine
